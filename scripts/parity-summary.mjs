#!/usr/bin/env node
// Turns the end-to-end parity results (one JSON line per fixture, written by
// packages/parity/test/end-to-end.test.ts when DIA_PARITY_RESULTS is set) into a Markdown table:
// the `real-models` CI job's summary. Exits 1 when a fixture's RTTM differs or none ran.
//   node scripts/parity-summary.mjs results.jsonl >> "$GITHUB_STEP_SUMMARY"
import { readFileSync } from 'node:fs';

const file = process.argv[2];
if (!file) {
  console.error('usage: node scripts/parity-summary.mjs <results.jsonl>');
  process.exit(2);
}
const rows = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const ran = rows.filter((r) => r.status !== 'skipped');
const differing = ran.filter((r) => r.status !== 'identical');
const lines = [
  '## End-to-end parity from audio (real segmentation-3.0 and WeSpeaker ResNet34-LM)',
  '',
  `**${ran.length - differing.length}/${ran.length}** fixtures with a clip give pyannote's RTTM byte for byte; ${rows.length - ran.length} skipped.`,
  '',
  '| fixture | result | speakers | RTTM lines | DER | time (s) | embedding |',
  '| --- | --- | --- | --- | --- | --- | --- |',
];
for (const r of rows) {
  if (r.status === 'skipped') {
    lines.push(`| ${r.fixture} | skipped: ${r.reason} | | | | | |`);
    continue;
  }
  const mark = r.status === 'identical' ? '✅ identical' : '❌ differs';
  lines.push(`| ${r.fixture} | ${mark} | ${r.speakers}/${r.expectedSpeakers} | ${r.lines}/${r.expectedLines} | ${r.der.toFixed(4)} | ${r.seconds.toFixed(1)} | ${r.embeddingMode}${r.splitFallbackReason ? ` (${r.splitFallbackReason})` : ''} |`);
}
console.log(lines.join('\n'));
if (ran.length === 0 || differing.length > 0) process.exit(1);
