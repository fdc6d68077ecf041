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
