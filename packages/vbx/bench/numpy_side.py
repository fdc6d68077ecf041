"""numpy references timed on inputs written by vbx.bench.mjs (pyannote.audio 4.0.4's code paths).
argv: plda DIR X.f32 N                  → pyannote xvec_tf + plda_tf (utils/vbx.py vbx_setup)
      vbx X.f64 N D phi.f64 labels.i32   → pyannote VBx + cluster_vbx's qinit
Serves timing slices (scripts/lib/serve_slices.py), so that the bench can alternate short slices
of dia and numpy. Thread count:
OpenBLAS's default unless OPENBLAS_NUM_THREADS is set by the caller."""
import os, sys
import numpy as np
from scipy.special import logsumexp, softmax

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "scripts", "lib"))
from serve_slices import serve  # noqa: E402


if sys.argv[1] == "plda":
    d, path, n = sys.argv[2], sys.argv[3], int(sys.argv[4])
    x = np.load(f"{d}/xvec_transform.npz"); mean1, mean2, lda = x["mean1"], x["mean2"], x["lda"]
    mu = np.load(f"{d}/plda.npz")["mu"]
    # the generalised eigenvectors pyannote computes with scipy eigh at load time (not timed)
    plda_tr = np.fromfile(f"{d}/eigenvectors_desc.bin", "<f8").reshape(128, 128).T
    l2 = lambda v: v / np.linalg.norm(v, axis=1, keepdims=True)
    xvec_tf = lambda v: np.sqrt(lda.shape[1]) * l2(lda.T.dot((np.sqrt(lda.shape[0]) * l2(v - mean1)).T).T - mean2)
    plda_tf = lambda v: ((v - mu).dot(plda_tr.T))[:, :128]
    emb = np.fromfile(path, "<f4").reshape(n, 256)
    serve(lambda: plda_tf(xvec_tf(emb)))
else:
    X = np.fromfile(sys.argv[2], "<f8").reshape(int(sys.argv[3]), int(sys.argv[4]))
    Phi = np.fromfile(sys.argv[5], "<f8"); lab = np.fromfile(sys.argv[6], "<i4")

    def run():
        q = np.zeros((len(lab), lab.max() + 1)); q[range(len(lab)), lab] = 1.0; gamma = softmax(q * 7.0, axis=1)
        pi = np.ones(gamma.shape[1]) / gamma.shape[1]; Fa, Fb = 0.07, 0.8
        G = -0.5 * (np.sum(X ** 2, axis=1, keepdims=True) + X.shape[1] * np.log(2 * np.pi)); rho = X * np.sqrt(Phi); Li = []
        for ii in range(20):
            invL = 1.0 / (1 + Fa / Fb * gamma.sum(axis=0, keepdims=True).T * Phi)
            alpha = Fa / Fb * invL * gamma.T.dot(rho)
            lp = Fa * (rho.dot(alpha.T) - 0.5 * (invL + alpha ** 2).dot(Phi) + G)
            lpi = np.log(pi + 1e-8); lpx = logsumexp(lp + lpi, axis=-1)
            gamma = np.exp(lp + lpi - lpx[:, None]); pi = gamma.sum(0); pi = pi / pi.sum()
            Li.append(lpx.sum() + Fb * 0.5 * np.sum(np.log(invL) - invL - alpha ** 2 + 1))
            if ii > 0 and Li[-1] - Li[-2] < 1e-4: break
        return len(Li)

    serve(run)
