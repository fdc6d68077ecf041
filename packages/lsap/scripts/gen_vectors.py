"""Differential test vectors for @dia/lsap from scipy.optimize.linear_sum_assignment.
Run: python3 packages/lsap/scripts/gen_vectors.py   (numpy + scipy from PyPI)
Writes test/data/scipy-vectors.json: every case of scipy's test_linear_assignment.py plus
random float, tie-heavy integer, rectangular (both ways), maximize, +inf-feasible, infeasible
and invalid matrices, with scipy's answer (or the error it raised)."""
import json, pathlib
import numpy as np
import scipy
from scipy.optimize import linear_sum_assignment

def enc(x):
    if np.isnan(x): return "nan"
    if np.isposinf(x): return "inf"
    if np.isneginf(x): return "-inf"
    v = float(x)
    return int(v) if v.is_integer() and abs(v) < 2**53 else v

cases = []
def add(m, maximize=False, tag=""):
    m = np.asarray(m, dtype=np.float64)
    if m.ndim != 2: m = m.reshape(0, 0) if m.size == 0 else m
    c = {"rows": int(m.shape[0]), "cols": int(m.shape[1]), "maximize": bool(maximize), "tag": tag,
         "data": [enc(x) for x in m.ravel()]}
    try:
        r, k = linear_sum_assignment(m, maximize=maximize)
        c["rowInd"] = [int(x) for x in r]; c["colInd"] = [int(x) for x in k]
    except ValueError as e:
        msg = str(e)
        c["error"] = "INFEASIBLE" if "infeasible" in msg else "INVALID_ENTRY"
    cases.append(c)

# scipy's own test_linear_assignment.py cases
for maximize in (False, True):
    add([[400, 150, 400], [400, 450, 600], [300, 225, 300]], maximize, "scipy square")
    add([[400, 150, 400, 1], [400, 450, 600, 2], [300, 225, 300, 3]], maximize, "scipy rectangular")
    add([[10, 10, 8], [9, 8, 1], [9, 7, 4]], maximize, "scipy square 2")
    add([[10, float("inf"), float("inf")], [float("inf"), float("inf"), 1], [float("inf"), 7, float("inf")]], maximize, "scipy inf")
    add([[10, 10, 8, 11], [9, 8, 1, 1], [9, 7, 4, 10]], maximize, "scipy rect 2")
    add([[10, float("inf"), float("inf")], [float("inf"), float("inf"), 1], [float("inf"), 7, float("inf")]], maximize, "scipy inf")
    add(np.zeros((0, 0)), maximize, "empty")
    add(np.zeros((0, 3)), maximize, "empty rows")
    add(np.zeros((3, 0)), maximize, "empty cols")
    add([[1, 2, 3]], maximize, "1xN"); add([[1], [2], [3]], maximize, "Nx1")
    add([[1, np.nan], [0, 0]], maximize, "nan")
    add([[1, float("inf")], [0, 0]], maximize, "one inf")
    add([[1, -float("inf")], [0, 0]], maximize, "one -inf")
    add([[float("inf"), float("inf")], [0, 0]], maximize, "all-inf row")
    add([[-float("inf"), -float("inf")], [0, 0]], maximize, "all -inf row")
    add(np.zeros((3, 3)), maximize, "zeros")
    add([[0, 0], [0, 0], [1, 1]], maximize, "spec 1")
    add([[0, 0, 0, 0], [1, .5, .3, .7]], maximize, "spec 2")
    add([[1, 1], [2, 2], [1, 1]], maximize, "spec 3")
    add([[-.2] * 7, [.96, .95, 1.03, 1.25, 1.29, 1.47, 1.86], [1.24, 1.09, 1.21, 1.21, 1.18, 1.20, 1.41]], maximize, "spec 4")
    add(np.arange(12).reshape(3, 4) * 1e300, maximize, "huge")
    add([[1e-300, 2e-300], [3e-300, 1e-320]], maximize, "tiny")

rng = np.random.default_rng(20261124)
for _ in range(1600):
    r, c = int(rng.integers(1, 9)), int(rng.integers(1, 9))
    add(rng.random((r, c)), bool(rng.integers(2)), "random float")
for _ in range(1600):
    r, c = int(rng.integers(1, 9)), int(rng.integers(1, 9))
    add(rng.integers(0, int(rng.integers(1, 4)), size=(r, c)), bool(rng.integers(2)), "int ties")
for _ in range(600):
    r, c = int(rng.integers(2, 5)), int(rng.integers(1, 12))
    add(2 - rng.random((r, c)) * 2, True, "pipeline-like 3xK soft scores")
    add(np.round(2 - rng.random((r, c)) * 2, 1), True, "pipeline-like rounded (ties)")
for _ in range(600):
    r, c = int(rng.integers(1, 8)), int(rng.integers(1, 8))
    m = rng.integers(-5, 5, size=(r, c)).astype(float)
    mask = rng.random((r, c)) < 0.3
    m[mask] = np.inf if rng.integers(2) == 0 else -np.inf
    add(m, bool(rng.integers(2)), "with infinities")
for _ in range(200):
    n = int(rng.integers(9, 30)); k = int(rng.integers(9, 30))
    add(rng.integers(0, 3, size=(n, k)), bool(rng.integers(2)), "larger ties")
    add(rng.standard_normal((n, k)), bool(rng.integers(2)), "larger float")

out = {"scipy": scipy.__version__, "numpy": np.__version__, "cases": cases}
path = pathlib.Path(__file__).resolve().parent.parent / "test" / "data" / "scipy-vectors.json"
path.write_text(json.dumps(out, separators=(",", ":")))
print(f"{len(cases)} cases ({sum('error' in c for c in cases)} errors) -> {path} ({path.stat().st_size} bytes)")
