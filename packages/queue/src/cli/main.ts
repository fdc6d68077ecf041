// The dia-queue command line: `worker`, `enqueue`, `jobs`. `dia <command>` (from @dia/pipeline)
// runs the same function, exported as `runDiaCommand`, when @dia/queue is installed.
import { enqueueCommand } from './enqueue-command';
import { HELP } from './help';
import { jobsCommand } from './jobs-command';
import { PROCESS_IO, type Io } from './io';
import { UsageError } from './args';
import { workerCommand } from './worker-command';

/** Errors a user can act on (typed errors with a code, missing files) are one line without a stack trace. */
function isUserError(err: unknown): err is Error {
  return err instanceof Error && 'code' in err;
}

/**
 * Runs `dia-queue <argv>` (argv[0] is the command: worker, enqueue or jobs); returns the exit code:
 * 0 success, 1 failure, 2 usage error. This is the contract `dia worker|enqueue|jobs` relies on
 * (as `runDiaCommand`).
 */
export async function main(argv: string[], io: Io = PROCESS_IO): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        io.stdout.write(HELP.main);
        return command === undefined ? 2 : 0;
      case 'worker':
        return await workerCommand(rest, io);
      case 'enqueue':
        return await enqueueCommand(rest, io);
      case 'jobs':
        return await jobsCommand(rest, io);
      default:
        throw new UsageError(`unknown command '${command}' (worker, enqueue, jobs)`);
    }
  } catch (err) {
    const prefix = `dia${command ? ` ${command}` : ''}`;
    if (err instanceof UsageError) {
      io.stderr.write(`${prefix}: ${err.message}\n`);
      return 2;
    }
    if (isUserError(err)) {
      io.stderr.write(`${prefix}: ${err.message}\n`);
      return 1;
    }
    io.stderr.write(`${prefix}: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  }
}

