// A one-line progress bar on stderr, drawn only when stderr is a terminal (the CLI's stages, and
// models fetched on first use).
export interface ProgressStream {
  isTTY?: boolean;
  write(s: string): unknown;
}

export function progressBar(stream: ProgressStream, label: string): { update(stage: string, done: number, total: number): void; end(): void } {
  let last = '';
  return {
    update(stage, done, total) {
      if (!stream.isTTY) return;
      const width = 30;
      const frac = total > 0 ? Math.min(1, done / total) : 0;
      const line = `${label} ${stage.padEnd(12)} [${'#'.repeat(Math.round(frac * width)).padEnd(width, '.')}] ${Math.round(frac * 100)}%`;
      if (line !== last) stream.write(`\r${line}`);
      last = line;
    },
    end() {
      if (stream.isTTY && last) stream.write('\n');
    },
  };
}
