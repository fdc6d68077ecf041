import { describe, expect, it } from 'vitest';
import { fixture, fixturesWithIntermediates, member, pldaDir, toFloat64, toInt32 } from '@dia/fixtures';
import { Plda, qinitFromLabels, vbx } from '../src/index';

const plda = Plda.fromDirectory(pldaDir());

function maxAbs(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe.each(fixturesWithIntermediates().map((f) => f.name))('PLDA + VBx parity on %s', (name) => {
  const fx = fixture(name);
  const p = fx.npz('plda_embeddings.npz');
  const train = fx.trainEmbeddings();
  const x = { data: train.data, rows: train.rows, cols: train.cols };

  it('post_xvec and post_plda within 1e-9 of pyannote; phi equal', () => {
    const postXvec = plda.xvecTransform(x);
    const postPlda = plda.pldaTransform(postXvec);
    const dx = maxAbs(postXvec.data, toFloat64(member(p, 'post_xvec')));
    const dp = maxAbs(postPlda.data, toFloat64(member(p, 'post_plda')));
    const dphi = maxAbs(plda.phi, toFloat64(member(p, 'phi')));
    console.log(`${name}: N=${x.rows} post_xvec max|Δ| ${dx.toExponential(2)}, post_plda ${dp.toExponential(2)}, phi ${dphi.toExponential(2)}`);
    expect(dx).toBeLessThanOrEqual(1e-9);
    expect(dp).toBeLessThanOrEqual(1e-9);
    expect(dphi).toBe(0);
  });

  it('qinit exact; q_final and sp_final within 1e-9; ELBO trajectory same length within 1e-7 relative', () => {
    const v = fx.npz('vbx_state.npz');
    const labels = toInt32(fx.npy('ahc_init_labels.npy'));
    const q0 = qinitFromLabels(labels);
    const expectedQ0 = toFloat64(member(v, 'qinit'));
    const dq0 = maxAbs(q0.data, expectedQ0);
    const r = vbx(plda.transform(x), plda.phi, { ahcLabels: labels, fa: 0.07, fb: 0.8, maxIters: 20 });
    const dq = maxAbs(r.q.data, toFloat64(member(v, 'q_final')));
    const dsp = maxAbs(r.sp, toFloat64(member(v, 'sp_final')));
    const elbo = toFloat64(member(v, 'elbo_trajectory'));
    let rel = 0;
    for (let i = 0; i < Math.min(elbo.length, r.elbo.length); i++) rel = Math.max(rel, Math.abs(r.elbo[i] - elbo[i]) / Math.abs(elbo[i]));
    console.log(`${name}: qinit max|Δ| ${dq0.toExponential(2)}, q_final ${dq.toExponential(2)}, sp_final ${dsp.toExponential(2)}, ELBO ${r.elbo.length}/${elbo.length} iterations, max rel ${rel.toExponential(2)}`);
    expect(dq0).toBe(0);
    expect(dq).toBeLessThanOrEqual(1e-9);
    expect(dsp).toBeLessThanOrEqual(1e-9);
    expect(r.elbo.length).toBe(elbo.length);
    expect(rel).toBeLessThanOrEqual(1e-7);
  });
});
