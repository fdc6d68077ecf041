#!/usr/bin/env node
// `pnpm parity`: one row per parity fixture — expected vs got speakers and RTTM lines, DER,
// first drifting stage, time. Fixtures without captured intermediates say why they are skipped.
import { fixtureManifest } from '@dia/fixtures';
import { replayFixture } from './replay';

interface Row {
  fixture: string;
  mode: string;
  speakers: string;
  lines: string;
  der: string;
  identical: string;
  firstDrift: string;
  ms: string;
}

function main(): number {
  const rows: Row[] = [];
  let replayed = 0;
  let passed = 0;
  for (const entry of fixtureManifest()) {
    if (!entry.hasIntermediates) {
      const why = entry.hasClip ? 'audio only: needs the real segmentation + embedding models (dia diarize)' : 'no captured intermediates and no clip in ../shared';
      rows.push({ fixture: entry.name, mode: 'skipped', speakers: `${entry.expectedSpeakers} / –`, lines: `${entry.expectedRttmLines} / –`, der: '–', identical: '–', firstDrift: why, ms: '–' });
      continue;
    }
    replayed++;
    try {
      const r = replayFixture(entry.name);
      const got = r.rttm.split('\n').filter((l) => l.trim()).length;
      const ok = r.rttmIdentical && r.der === 0;
      if (ok) passed++;
      rows.push({
        fixture: entry.name,
        mode: 'replay',
        speakers: `${entry.expectedSpeakers} / ${r.result.speakers.length}`,
        lines: `${entry.expectedRttmLines} / ${got}`,
        der: r.der.toFixed(4),
        identical: r.rttmIdentical ? 'yes' : 'NO',
        firstDrift: r.firstDrift ?? 'none',
        ms: r.milliseconds.toFixed(0),
      });
    } catch (err) {
      rows.push({ fixture: entry.name, mode: 'replay', speakers: '?', lines: '?', der: '?', identical: 'NO', firstDrift: `error: ${(err as Error).message}`, ms: '–' });
    }
  }
  const header: Row = { fixture: 'fixture', mode: 'mode', speakers: 'speakers exp/got', lines: 'lines exp/got', der: 'DER', identical: 'RTTM identical', firstDrift: 'first drifting stage', ms: 'ms' };
  const keys = Object.keys(header) as (keyof Row)[];
  const width = Object.fromEntries(keys.map((k) => [k, Math.max(...[header, ...rows].map((r) => r[k].length))])) as Record<keyof Row, number>;
  const line = (r: Row) => `| ${keys.map((k) => r[k].padEnd(width[k])).join(' | ')} |`;
  console.log(line(header));
  console.log(`| ${keys.map((k) => '-'.repeat(width[k])).join(' | ')} |`);
  for (const r of rows) console.log(line(r));
  console.log(`\n${passed}/${replayed} replayed fixtures with identical RTTM and DER 0.0000; ${rows.length - replayed} skipped`);
  return passed === replayed ? 0 : 1;
}

process.exitCode = main();
