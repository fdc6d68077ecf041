// The `dia` command line.
import { diarizeCommand, HELP, modelsCommand, parityCommand, scoreCommand, type Io } from './commands';
import { UsageError } from './args';
import { assignCommand } from './assign';
import { reportCommand } from './report';
import { EXTERNAL_COMMANDS, runExternalCommand } from './external';

/** Errors a user can act on are printed as one line, without a stack trace. */
function isUserError(err: unknown): err is Error {
  return err instanceof Error && (err instanceof UsageError || 'code' in err || /ENOENT|EACCES|EISDIR/.test(err.message));
}

/** Runs `dia <argv>`; returns the exit code (0 ok, 1 failure, 2 usage error). */
export async function main(argv: string[], io: Io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin }): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        io.stdout.write(HELP.main);
        return command === undefined ? 2 : 0;
      case 'diarize':
        return await diarizeCommand(rest, io);
      case 'assign':
        return assignCommand(rest, io);
      case 'score':
        return scoreCommand(rest, io);
      case 'models':
        return await modelsCommand(rest, io);
      case 'parity':
        return await parityCommand(rest, io);
      case 'report':
        return await reportCommand(rest, io);
      default:
        if (EXTERNAL_COMMANDS.has(command)) return await runExternalCommand(EXTERNAL_COMMANDS.get(command) as string, command, rest, io);
        throw new UsageError(`unknown command '${command}' (diarize, assign, score, report, models, parity; dia --help)`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`dia: ${err.message}\n`);
      return 2;
    }
    if (isUserError(err)) {
      io.stderr.write(`dia: ${err.message}\n`);
      return 1;
    }
    io.stderr.write(`dia: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  }
}
