import { describe, expect, it } from 'vitest';
import { fixture, member, pldaDir, toFloat64, toInt32 } from '@dia/fixtures';
import { backend } from '@dia/ops';
import { Plda, vbx } from '../src/index';
import { vbxTypeScript } from '../src/vbx';

const native = backend();

describe.skipIf(native.kind !== 'native')(`the native VBx loop (${native.kind === 'native' ? native.simd : 'absent'}) against the TypeScript loop`, () => {
  it('fixture 08: same iteration count, responsibilities and priors within 1e-13, ELBO within 1e-13 relative (exp/log implementations differ in the last bits)', () => {
    const fx = fixture('08');
    const post = toFloat64(member(fx.npz('plda_embeddings.npz'), 'post_plda'));
    const X = { data: post, rows: post.length / 128, cols: 128 };
    const phi = Plda.fromDirectory(pldaDir()).phi;
    const options = { ahcLabels: toInt32(fx.npy('ahc_init_labels.npy')), fa: 0.07, fb: 0.8, maxIters: 20 };
    const a = vbx(X, phi, options);
    const b = vbxTypeScript(X, phi, options);
    let dq = 0;
    for (let i = 0; i < a.q.data.length; i++) dq = Math.max(dq, Math.abs(a.q.data[i] - b.q.data[i]));
    let dsp = 0;
    for (let k = 0; k < a.sp.length; k++) dsp = Math.max(dsp, Math.abs(a.sp[k] - b.sp[k]));
    const de = Math.max(...a.elbo.map((v, i) => Math.abs(v - b.elbo[i]) / Math.abs(b.elbo[i])));
    console.log(`native vs TypeScript VBx (fixture 08, ${a.elbo.length} iterations): q max|Δ| ${dq.toExponential(2)}, sp ${dsp.toExponential(2)}, ELBO rel ${de.toExponential(2)}`);
    expect(a.elbo.length).toBe(b.elbo.length);
    expect(dq).toBeLessThanOrEqual(1e-13);
    expect(dsp).toBeLessThanOrEqual(1e-13);
    expect(de).toBeLessThanOrEqual(1e-13);
  });
});
