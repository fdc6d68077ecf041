"""numpy/scipy equivalent of dia's back end (the stages of pyannote.audio 4.0.4 after the two
networks, written the way pyannote writes them), timed on the same fixture inputs.
Usage: python3 backend_numpy.py <fixture_dir> <plda_dir> <repeats>  → prints JSON {ms, lines}."""
import json, sys, time
import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.linalg import eigh
from scipy.optimize import linear_sum_assignment
from scipy.spatial.distance import cdist
from scipy.special import logsumexp, softmax

FD, FS = 0.0619375, 0.016875


def closest(t):
    return int(np.rint((t - 0.0 - 0.5 * FD) / FS))


def aggregate(scores, skip_average, missing=0.0):
    C, F, K = scores.shape
    n = closest(10.0 + (C - 1) * 1.0 + 0.5 * FD) + 1
    out = np.zeros((n, K), np.float32); cnt = np.zeros((n, K), np.float32); msk = np.zeros((n, K), np.float32)
    for c in range(C):
        s = scores[c]; m = 1 - np.isnan(s); s = np.nan_to_num(s, nan=0.0)
        st = closest(c * 1.0 + 0.5 * FD)
        out[st:st + F] += s * m; cnt[st:st + F] += m; msk[st:st + F] = np.maximum(msk[st:st + F], m)
    avg = out if skip_average else out / np.maximum(cnt, 1e-12)
    avg[msk == 0.0] = missing
    return avg


def plda_setup(d):
    x = np.load(f"{d}/xvec_transform.npz"); p = np.load(f"{d}/plda.npz")
    mean1, mean2, lda = x["mean1"], x["mean2"], x["lda"]
    W = np.linalg.inv(p["tr"].T.dot(p["tr"])); B = np.linalg.inv((p["tr"].T / p["psi"]).dot(p["tr"]))
    acvar, wccn = eigh(B, W)
    psi, tr = acvar[::-1], wccn.T[::-1]
    l2 = lambda v: v / np.linalg.norm(v, axis=1, keepdims=True)
    xvec = lambda v: np.sqrt(lda.shape[1]) * l2(lda.T.dot(np.sqrt(lda.shape[0]) * l2(v - mean1).T).T - mean2)
    return lambda v: (xvec(v) - p["mu"]).dot(tr.T)[:, :128], psi[:128]


def vbx(X, Phi, gamma, Fa, Fb, maxIters=20, epsilon=1e-4):
    pi = np.ones(gamma.shape[1]) / gamma.shape[1]
    G = -0.5 * (np.sum(X ** 2, axis=1, keepdims=True) + X.shape[1] * np.log(2 * np.pi))
    rho = X * np.sqrt(Phi); Li = []
    for ii in range(maxIters):
        invL = 1.0 / (1 + Fa / Fb * gamma.sum(axis=0, keepdims=True).T * Phi)
        alpha = Fa / Fb * invL * gamma.T.dot(rho)
        lp = Fa * (rho.dot(alpha.T) - 0.5 * (invL + alpha ** 2).dot(Phi) + G)
        lpi = np.log(pi + 1e-8); lpx = logsumexp(lp + lpi, axis=-1)
        gamma = np.exp(lp + lpi - lpx[:, None]); pi = gamma.sum(0); pi = pi / pi.sum()
        elbo = lpx.sum() + Fb * 0.5 * np.sum(np.log(invL) - invL - alpha ** 2 + 1); Li.append(elbo)
        if ii > 0 and elbo - Li[-2] < epsilon:
            break
    return gamma, pi


def backend(seg, emb, plda, phi):
    count = np.rint(aggregate(seg.sum(-1, keepdims=True), False)).astype(np.uint8)
    single = seg.sum(2, keepdims=True) == 1
    clean = (seg * single).sum(1)
    ci, si = np.where((clean >= 0.2 * seg.shape[1]) * ~np.any(np.isnan(emb), axis=2))
    train = emb[ci, si]
    normed = train / np.linalg.norm(train, axis=1, keepdims=True)
    ahc = fcluster(linkage(normed, method="centroid", metric="euclidean"), 0.6, criterion="distance") - 1
    _, ahc = np.unique(ahc, return_inverse=True)
    q0 = np.zeros((len(ahc), ahc.max() + 1)); q0[range(len(ahc)), ahc] = 1.0
    q, sp = vbx(plda(train), phi, softmax(q0 * 7.0, axis=1), 0.07, 0.8)
    W = q[:, sp > 1e-7]
    cent = W.T @ train / W.sum(0, keepdims=True).T
    C, S, D = emb.shape
    soft = 2 - cdist(emb.reshape(-1, D), cent, metric="cosine").reshape(C, S, -1)
    soft[seg.sum(1) == 0] = soft.min() - 1.0
    soft = np.nan_to_num(soft, nan=np.nanmin(soft))
    hard = -2 * np.ones((C, S), np.int8)
    for c, cost in enumerate(soft):
        r, k = linear_sum_assignment(cost, maximize=True); hard[c, r] = k
    hard[seg.sum(1) == 0] = -2
    K = hard.max() + 1
    cs = np.nan * np.zeros((C, seg.shape[1], K))
    for c in range(C):
        for k in np.unique(hard[c]):
            if k != -2:
                cs[c, :, k] = seg[c][:, hard[c] == k].max(1)
    act = aggregate(cs, True)
    if act.shape[1] < count.max():
        act = np.pad(act, ((0, 0), (0, count.max() - act.shape[1])))
    order = np.argsort(-act, axis=-1, kind="stable")
    binary = np.zeros_like(act)
    for t in range(act.shape[0]):
        binary[t, order[t, :count[t, 0]]] = 1
    mids = [0.5 * (i * FS + i * FS + FD) for i in range(binary.shape[0])]
    turns = []
    for k in range(binary.shape[1]):
        y = binary[:, k]; on = y[0] > 0.5; st = mids[0]
        for t, v in zip(mids[1:], y[1:]):
            if on and v < 0.5:
                turns.append((st, t, k)); st = t; on = False
            elif not on and v > 0.5:
                st = t; on = True
        if on:
            turns.append((st, mids[-1], k))
    return [t for t in turns if t[1] - t[0] > 1e-6]


def main():
    fixture_dir, plda_dir, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3])
    seg = np.load(f"{fixture_dir}/segmentations.npz")["segmentations"]
    emb = np.load(f"{fixture_dir}/raw_embeddings.npz")["embeddings"]
    plda, phi = plda_setup(plda_dir)
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter(); turns = backend(seg.copy(), emb.copy(), plda, phi); best = min(best, time.perf_counter() - t0)
    print(json.dumps({"ms": best * 1000, "lines": len(turns)}))


main()
