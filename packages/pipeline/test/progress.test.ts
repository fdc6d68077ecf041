import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fileProgress, formatClock, formatEta, progressLine, shortenName } from '../src/cli/progress';

const longPath = `/home/someone/recordings/${'quarterly-all-hands-meeting-'.repeat(5)}final.m4a`;

/** A fake terminal of the given width that records everything written to it. */
function terminal(columns: number | undefined, isTTY: boolean) {
  const out: string[] = [];
  return { out, stream: { isTTY, columns, write: (s: string) => (out.push(s), true) } };
}

// ESC 7 / ESC 8 (cursor save/restore) and CSI sequences (cursor moves, line clears, autowrap)
const ESCAPES = /\x1b(?:\[[0-9;?]*[A-Za-z]|[78])/g;

/** What a terminal would show as separate drawings: the text between control sequences. */
const drawings = (written: string) => written.split(ESCAPES).filter((t) => t.length > 0);

describe('progress line', () => {
  it('fits every width from 20 to 200 columns, shortening the name (base name first, then an ellipsis)', () => {
    for (let width = 20; width <= 200; width++) {
      const line = progressLine(width, { name: longPath, stage: 'embeddings', processed: 754, duration: 3490, eta: 192 });
      expect(line.length).toBeLessThanOrEqual(width);
      if (width >= 80) expect(line).toMatch(/ embeddings {3}\[#+\.+\] 12:34 \/ 58:10 audio {2}ETA 3m12s$/);
    }
    expect(progressLine(120, { name: 'talk.mp3', stage: 'segmentation', processed: 30, duration: 60, eta: 5 })).toBe(`talk.mp3  segmentation [${'#'.repeat(15)}${'.'.repeat(15)}] 0:30 / 1:00 audio  ETA 5s`);
    expect(progressLine(120, { name: 'stdin', stage: 'decoding', processed: 4000, duration: undefined, eta: undefined })).toBe('stdin  decoding     1:06:40 audio');
  });
  it('formats clock times and ETAs; shortens names', () => {
    expect([formatClock(0), formatClock(59.9), formatClock(754), formatClock(3725)]).toEqual(['0:00', '0:59', '12:34', '1:02:05']);
    expect([formatEta(4.6), formatEta(192), formatEta(3725)]).toEqual(['5s', '3m12s', '1h02m']);
    expect(shortenName('/a/b/talk.mp3', 10)).toBe('talk.mp3');
    expect(shortenName('/a/b/abcdefghij.mp3', 9)).toBe('abcd….mp3');
    expect(shortenName('short', 10)).toBe('short');
  });
});

describe('fileProgress', () => {
  beforeEach(() => { vi.useFakeTimers(); });
  afterEach(() => { vi.useRealTimers(); });

  /** Drives a 58:10 recording through the stages, 300 ms apart (past cli-progress's redraw throttle). */
  function drive(p: ReturnType<typeof fileProgress>) {
    const duration = 3490;
    for (const stage of ['decoding', 'segmentation', 'embeddings']) {
      for (let t = 0; t <= duration; t += 349) {
        p.update(stage, t, duration);
        vi.advanceTimersByTime(300);
      }
    }
    p.update('clustering', duration, duration);
    p.end();
  }

  it('on a 120-column terminal: redraws one line in place, never wider than the terminal, with the name shortened, audio time and ETA', () => {
    const { out, stream } = terminal(120, true);
    drive(fileProgress(stream, longPath));
    const written = out.join('');
    const drawn = drawings(written);
    expect(drawn.length).toBeGreaterThan(30);
    for (const d of drawn) expect(d.length).toBeLessThan(120);
    expect(written).not.toContain('\n'); // in place: every stage line is cleared and redrawn, none scrolls
    expect(drawn.some((d) => /^quarterly-all-hands.*….*-final\.m4a {2}embeddings {3}\[#+\.*\] \d+:\d\d \/ 58:10 audio {2}ETA \d+s$/.test(d))).toBe(true);
    expect(written).toContain('\x1b[?7l'); // autowrap off while drawing, restored after
    expect(written.endsWith('\x1b[?7h\x1b8\x1b[1G\x1b[2K')).toBe(true); // autowrap back on, cursor restored, line cleared
  });

  it('on an 80-column terminal the same drawings fit 80 columns', () => {
    const { out, stream } = terminal(80, true);
    drive(fileProgress(stream, longPath));
    for (const d of drawings(out.join(''))) expect(d.length).toBeLessThan(80);
  });

  it('when standard error is not a terminal: plain lines, no control sequences, at the start and end of each stage', () => {
    const { out, stream } = terminal(undefined, false);
    drive(fileProgress(stream, 'talk.mp3'));
    const written = out.join('');
    expect(written).not.toMatch(ESCAPES);
    const lines = written.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.filter((l) => / decoding /.test(l)).length).toBeGreaterThanOrEqual(2);
    expect(lines.at(-1)).toMatch(/^talk\.mp3 {2}clustering {3}\[#{30}\] 58:10 \/ 58:10 audio/);
    expect(lines.every((l) => l.startsWith('talk.mp3  '))).toBe(true);
  });

  it('quiet: nothing', () => {
    const { out, stream } = terminal(120, true);
    drive(fileProgress(stream, 'talk.mp3', { quiet: true }));
    expect(out).toEqual([]);
  });
});
