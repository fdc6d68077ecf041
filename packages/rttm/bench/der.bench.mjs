// Scores the longest reference (11_mrbeast_age_race, 576 turns) against a perturbed copy.
// Run: pnpm --filter @dia/rttm bench
import { fixture } from '@dia/fixtures';
import { diarizationErrorRate, parseRttm } from '@dia/rttm';

const ref = parseRttm(fixture('11').referenceRttm())[0];
let seed = 1;
const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
const hyp = { uri: ref.uri, segments: ref.segments.map((s) => { const start = s.start + (rnd() - 0.5) * 0.4; const end = s.end + (rnd() - 0.5) * 0.4; return { ...s, start, end, duration: end - start, speaker: rnd() < 0.1 ? 'SPEAKER_99' : `h${s.speaker}` }; }) };
let best = Infinity;
let der = 0;
for (let i = 0; i < 20; i++) {
  const t = performance.now();
  der = diarizationErrorRate(ref, hyp, { collar: 0.25 }).der;
  if (i > 2) best = Math.min(best, performance.now() - t);
}
console.log(`DER of ${ref.segments.length}-turn reference vs perturbed copy: ${der.toFixed(4)}; best of 17: ${best.toFixed(1)} ms`);

// A 4 h recording: 5,000 turns of 6 speakers against a copy with a tenth of them moved, relabelled or dropped.
const speakers = Array.from({ length: 6 }, (_, i) => `S${i}`);
const long = { uri: 'long', segments: [] };
for (let t = 0; long.segments.length < 5000; ) {
  const duration = 0.4 + 4 * rnd();
  long.segments.push({ start: t, end: t + duration, duration, speaker: speakers[Math.floor(rnd() * 6)], channel: 1 });
  t += duration + 0.2 + 0.25 * rnd();
}
const longHyp = { uri: 'long', segments: long.segments.filter(() => rnd() > 0.03).map((s) => (rnd() < 0.1 ? { ...s, start: s.start + 0.3, speaker: speakers[Math.floor(rnd() * 6)] } : s)) };
let bestLong = Infinity;
for (let i = 0; i < 6; i++) {
  const t = performance.now();
  der = diarizationErrorRate(long, longHyp, { collar: 0.25 }).der;
  if (i > 0) bestLong = Math.min(bestLong, performance.now() - t);
}
console.log(`DER of 5,000 turns (4 h) vs ${longHyp.segments.length} perturbed: ${der.toFixed(4)}; best of 5: ${bestLong.toFixed(0)} ms`);
