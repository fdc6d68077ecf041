"""Differential vectors for @dia/ahc from scipy.cluster.hierarchy (linkage centroid/median + fcluster).
Run: python3 packages/ahc/scripts/gen_vectors.py   (numpy + scipy from PyPI)."""
import base64, json, pathlib
import numpy as np
import scipy
from scipy.cluster.hierarchy import fcluster, linkage

b64 = lambda a: base64.b64encode(np.ascontiguousarray(a).tobytes()).decode()
rng = np.random.default_rng(99)
cases = []

def add(x, tag, method="centroid"):
    Z = linkage(x, method=method, metric="euclidean")
    ts = sorted(set([float(np.quantile(Z[:, 2], q)) for q in (0.1, 0.5, 0.9)] + [0.6]))
    cases.append({"tag": tag, "method": method, "n": x.shape[0], "d": x.shape[1], "dtype": str(x.dtype),
                  "x": b64(x), "Z": b64(Z), "t": ts, "labels": [fcluster(Z, t, criterion="distance").tolist() for t in ts]})

for _ in range(40):
    n, d = int(rng.integers(2, 120)), int(rng.integers(2, 17))
    add(rng.standard_normal((n, d)), "random f64")
for _ in range(20):
    n, d = int(rng.integers(2, 60)), int(rng.integers(2, 6))
    add(rng.integers(0, 3, size=(n, d)).astype(np.float64), "integer grid (duplicates, exact ties)")
for _ in range(15):
    n, d = int(rng.integers(3, 80)), int(rng.integers(2, 9))
    base = rng.standard_normal((max(2, n // 4), d))
    x = base[rng.integers(0, len(base), n)] + 1e-9 * rng.standard_normal((n, d))
    add(x, "near-ties")
for _ in range(10):
    n, d = int(rng.integers(2, 120)), int(rng.integers(2, 12))
    add(rng.standard_normal((n, d)), "median", method="median")
for n, d in [(300, 8), (200, 32), (60, 256), (120, 128)]:
    x = rng.standard_normal((n, d)).astype(np.float32)
    add(x, "float32 embeddings-like")
    add(x / np.linalg.norm(x, axis=1, keepdims=True), "normalised float32")

out = {"scipy": scipy.__version__, "cases": cases}
p = pathlib.Path(__file__).resolve().parent.parent / "test" / "data" / "scipy-linkage.json"
p.write_text(json.dumps(out))
print(f"{len(cases)} cases -> {p} ({p.stat().st_size} bytes)")
