import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fixtureManifest, fixture } from '@dia/fixtures';
import { diarizationErrorRate, diarizationErrorRegions, jaccardErrorRate, parseRttm, type Annotation } from '../src/index';

interface Case { name: string; ref: string; hyp: string; collar: number; skipOverlap: boolean; uem: [number, number][] | null; der: number; missed: number; falseAlarm: number; confusion: number; total: number; correct: number; jer: number }
const ref = JSON.parse(readFileSync(new URL('./data/der-pyannote.json', import.meta.url), 'utf8')) as { 'pyannote.metrics': string; cases: Case[] };
const ann = (text: string): Annotation => parseRttm(text)[0] ?? { uri: 'f', segments: [] };
const seg = (start: number, end: number, speaker: string) => ({ start, end, duration: end - start, speaker, channel: 1 });

describe(`diarizationErrorRate vs pyannote.metrics ${ref['pyannote.metrics']} (${ref.cases.length} cases)`, () => {
  it('every component agrees within 1e-9 s (and DER within 1e-12)', () => {
    let worst = 0;
    for (const c of ref.cases) {
      const got = diarizationErrorRate(ann(c.ref), ann(c.hyp), { collar: c.collar, skipOverlap: c.skipOverlap, uem: c.uem?.map(([start, end]) => ({ start, end })) });
      const pairs: [number, number][] = [[got.missedDetection, c.missed], [got.falseAlarm, c.falseAlarm], [got.confusion, c.confusion], [got.total, c.total], [got.correct, c.correct]];
      for (const [a, b] of pairs) {
        worst = Math.max(worst, Math.abs(a - b));
        expect(Math.abs(a - b), `${c.name} collar=${c.collar} skip=${c.skipOverlap}`).toBeLessThanOrEqual(1e-9);
      }
      expect(Math.abs(got.der - c.der), c.name).toBeLessThanOrEqual(1e-12);
    }
    console.log(`DER: worst component deviation vs pyannote.metrics ${worst.toExponential(2)} s over ${ref.cases.length} cases`);
  });

  it('jaccardErrorRate agrees with pyannote.metrics JaccardErrorRate within 1e-12', () => {
    let worst = 0;
    for (const c of ref.cases) {
      const got = jaccardErrorRate(ann(c.ref), ann(c.hyp), { collar: c.collar, skipOverlap: c.skipOverlap, uem: c.uem?.map(([start, end]) => ({ start, end })) });
      worst = Math.max(worst, Math.abs(got.jer - c.jer));
      expect(Math.abs(got.jer - c.jer), c.name).toBeLessThanOrEqual(1e-12);
    }
    console.log(`JER: worst deviation vs pyannote.metrics ${worst.toExponential(2)} over ${ref.cases.length} cases`);
  });
});

describe('hand-made DER cases', () => {
  const R: Annotation = { uri: 'f', segments: [seg(0, 10, 'A'), seg(10, 20, 'B')] };
  it('perfect hypothesis, any labels: 0', () => {
    const r = diarizationErrorRate(R, { uri: 'f', segments: [seg(0, 10, 'x'), seg(10, 20, 'y')] });
    expect(r.der).toBe(0);
    expect([...r.mapping.entries()]).toEqual([['x', 'A'], ['y', 'B']]);
  });
  it('swapped labels are not an error; one speaker for both is half confusion', () => {
    expect(diarizationErrorRate(R, { uri: 'f', segments: [seg(0, 10, 'B'), seg(10, 20, 'A')] }).der).toBe(0);
    const r = diarizationErrorRate(R, { uri: 'f', segments: [seg(0, 20, 'A')] });
    expect(r.confusion).toBe(10);
    expect(r.der).toBe(0.5);
  });
  it('missed speech and false alarm', () => {
    const miss = diarizationErrorRate(R, { uri: 'f', segments: [seg(0, 10, 'A')] });
    expect([miss.missedDetection, miss.falseAlarm, miss.confusion, miss.der]).toEqual([10, 0, 0, 0.5]);
    const fa = diarizationErrorRate(R, { uri: 'f', segments: [seg(0, 10, 'A'), seg(10, 20, 'B'), seg(20, 25, 'B')] });
    expect([fa.falseAlarm, fa.der]).toEqual([5, 0.25]);
  });
  it('overlap: each simultaneous speaker counts', () => {
    const ov: Annotation = { uri: 'f', segments: [seg(0, 10, 'A'), seg(5, 10, 'B')] };
    const r = diarizationErrorRate(ov, { uri: 'f', segments: [seg(0, 10, 'A')] });
    expect([r.total, r.missedDetection, r.der]).toEqual([15, 5, 5 / 15]);
    const skipped = diarizationErrorRate(ov, { uri: 'f', segments: [seg(0, 10, 'A')] }, { skipOverlap: true });
    expect([skipped.total, skipped.der]).toEqual([5, 0]);
  });
  it('collar removes ±collar/2 around reference boundaries', () => {
    const r = diarizationErrorRate(R, { uri: 'f', segments: [seg(0.2, 10.2, 'A'), seg(10.2, 20, 'B')] }, { collar: 0.5 });
    expect(r.der).toBe(0);
    expect(r.total).toBeCloseTo(20 - 0.25 - 0.5 - 0.25, 12);
  });
  it('nothing to score and nothing wrong gives 0; empty reference with a hypothesis gives 1', () => {
    expect(diarizationErrorRate({ uri: 'f', segments: [] }, { uri: 'f', segments: [] }).der).toBe(0);
    expect(diarizationErrorRate({ uri: 'f', segments: [] }, { uri: 'f', segments: [seg(0, 1, 'x')] }).der).toBe(1);
  });
});

describe('properties on the 14 reference RTTMs', () => {
  for (const entry of fixtureManifest()) {
    it(`${entry.name}: DER against itself is 0; invariant to renaming; components non-negative; 1 s shift`, () => {
      const r = parseRttm(fixture(entry.name).referenceRttm())[0];
      expect(diarizationErrorRate(r, r).der).toBe(0);
      const renamed = { ...r, segments: r.segments.map((s) => ({ ...s, speaker: `spk-${s.speaker.split('').reverse().join('')}` })) };
      expect(diarizationErrorRate(r, renamed).der).toBe(0);
      const shifted = { ...r, segments: r.segments.map((s) => ({ ...s, start: s.start + 1, end: s.end + 1 })) };
      const a = diarizationErrorRate(r, shifted);
      const b = diarizationErrorRate(r, { ...shifted, segments: shifted.segments.map((s) => ({ ...s, speaker: `z${s.speaker}` })) });
      expect(a.der).toBeGreaterThan(0);
      expect(b.der).toBeCloseTo(a.der, 12);
      for (const v of [a.missedDetection, a.falseAlarm, a.confusion, a.correct]) expect(v).toBeGreaterThanOrEqual(0);
      expect(a.correct + a.confusion + a.missedDetection).toBeCloseTo(a.total, 9);
    });
  }
});

describe('diarizationErrorRegions: where the DER errors are', () => {
  const kinds = ['missed', 'falseAlarm', 'confusion'] as const;
  const component = { missed: 'missedDetection', falseAlarm: 'falseAlarm', confusion: 'confusion' } as const;

  /** Errors of each kind at one instant, counted directly from the turns active then (no sweep). */
  function errorsAt(t: number, reference: Annotation, hypothesis: Annotation, mapping: Map<string, string>) {
    const active = (a: Annotation) => a.segments.filter((s) => s.start <= t && t < s.end && s.end - s.start > 1e-6);
    const r = active(reference).map((s) => s.speaker);
    const h = active(hypothesis).map((s) => mapping.get(s.speaker) ?? `unmapped ${s.speaker}`);
    let correct = 0;
    const left = [...r];
    for (const label of h) {
      const i = left.indexOf(label);
      if (i >= 0) { correct++; left.splice(i, 1); }
    }
    return { missed: Math.max(0, r.length - h.length), falseAlarm: Math.max(0, h.length - r.length), confusion: Math.min(r.length, h.length) - correct };
  }

  it('hand-made: a missed turn, a false alarm and a confusion that coincides with a miss', () => {
    const R: Annotation = { uri: 'f', segments: [seg(0, 10, 'A'), seg(10, 20, 'B'), seg(30, 40, 'A'), seg(30, 40, 'B')] };
    const H: Annotation = { uri: 'f', segments: [seg(0, 10, 'x'), seg(22, 25, 'x'), seg(30, 40, 'z')] };
    const r = diarizationErrorRegions(R, H);
    expect(r.regions).toEqual([
      { start: 10, end: 20, kind: 'missed' },
      { start: 22, end: 25, kind: 'falseAlarm' },
      { start: 30, end: 40, kind: 'missed' },
    ]);
    const confused = diarizationErrorRegions(R, { uri: 'f', segments: [seg(0, 20, 'x'), seg(30, 40, 'x'), seg(30, 40, 'y'), seg(31, 32, 'w')] });
    expect(confused.regions.filter((g) => g.kind === 'confusion')).toEqual([{ start: 10, end: 20, kind: 'confusion' }]);
    expect(confused.regions.filter((g) => g.kind === 'falseAlarm')).toEqual([{ start: 31, end: 32, kind: 'falseAlarm' }]);
  });

  it(`on the ${ref.cases.length} pyannote.metrics cases: same components and mapping as diarizationErrorRate; every instant is in a region of a kind exactly when that error is non-zero there`, () => {
    let instants = 0;
    for (const c of ref.cases) {
      const options = { collar: c.collar, skipOverlap: c.skipOverlap, uem: c.uem?.map(([start, end]) => ({ start, end })) };
      const R = ann(c.ref);
      const H = ann(c.hyp);
      const plain = diarizationErrorRate(R, H, options);
      const { regions, ...withRegions } = diarizationErrorRegions(R, H, options);
      expect(withRegions).toEqual(plain);
      for (const kind of kinds) {
        const mine = regions.filter((g) => g.kind === kind);
        const covered = mine.reduce((sum, g) => sum + (g.end - g.start), 0);
        // each region holds at least one speaker's worth of that error all along
        expect(covered, `${c.name} ${kind}`).toBeLessThanOrEqual(plain[component[kind]] + 1e-9);
        expect(mine.length === 0, `${c.name} ${kind}`).toBe(plain[component[kind]] <= 1e-9);
        for (let i = 1; i < mine.length; i++) expect(mine[i].start).toBeGreaterThan(mine[i - 1].end);
      }
      // only without collars and overlap removal is every instant scored; check those pointwise
      if (c.collar > 0 || c.skipOverlap || c.uem) continue;
      const stamps = [...new Set([...R.segments, ...H.segments].flatMap((s) => [s.start, s.end]))].sort((a, b) => a - b);
      for (let i = 0; i + 1 < stamps.length; i++) {
        if (stamps[i + 1] - stamps[i] < 1e-3) continue;
        const t = (stamps[i] + stamps[i + 1]) / 2;
        const expected = errorsAt(t, R, H, plain.mapping);
        for (const kind of kinds) {
          const inside = regions.some((g) => g.kind === kind && g.start <= t && t < g.end);
          expect(inside, `${c.name} ${kind} at ${t}`).toBe(expected[kind] > 0);
        }
        instants++;
      }
    }
    expect(instants).toBeGreaterThan(1000);
  });
});
