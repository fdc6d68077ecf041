// Where the dia-queue commands write: the process's streams, or a test's buffers.
export interface Io {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown; isTTY?: boolean };
}

export const PROCESS_IO: Io = { stdout: process.stdout, stderr: process.stderr };
