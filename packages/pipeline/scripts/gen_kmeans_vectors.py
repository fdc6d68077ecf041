"""Reference vectors for the K-means branch: sklearn KMeans(n_clusters, n_init=3, random_state=42)
on L2-normalised float32 data, as pyannote's VBxClustering calls it. Also NumPy RandomState(42) draws.
Run: python3 packages/pipeline/scripts/gen_kmeans_vectors.py  (numpy, scikit-learn from PyPI)."""
import base64, json, pathlib
import numpy as np
import sklearn
from sklearn.cluster import KMeans

out = {"sklearn": sklearn.__version__, "numpy": np.__version__, "cases": []}
rs = np.random.RandomState(42)
out["random_sample_seed42"] = [float(v) for v in rs.random_sample(8)]
out["uint32_seed7"] = [int(v) for v in np.random.RandomState(7).randint(0, 2**32, size=4, dtype=np.uint64)]

gen = np.random.default_rng(1234)
for case in range(24):
    k_true = int(gen.integers(2, 7))
    d = int(gen.choice([8, 32, 128]))
    n = int(gen.integers(max(k_true * 3, 12), 160))
    spread = float(gen.choice([0.05, 0.2, 0.5]))
    centers = gen.normal(size=(k_true, d))
    labels = gen.integers(0, k_true, size=n)
    x = (centers[labels] + spread * gen.normal(size=(n, d))).astype(np.float32)
    normed = x / np.linalg.norm(x, axis=1, keepdims=True)
    k = int(gen.integers(1, min(8, n)))
    pred = KMeans(n_clusters=k, n_init=3, random_state=42, copy_x=False).fit_predict(normed.copy())
    out["cases"].append({
        "n": n, "d": d, "k": k, "spread": spread,
        "x": base64.b64encode(x.tobytes()).decode(),
        "labels": [int(v) for v in pred],
    })

path = pathlib.Path(__file__).resolve().parent.parent / "test" / "data" / "kmeans-sklearn.json"
path.write_text(json.dumps(out))
print(f"wrote {len(out['cases'])} cases to {path}")
