"""argv: n d path reps → best time of scipy normalise + linkage(centroid) + fcluster on the data of
ahc.bench.mjs (pyannote's AHC initialisation), JSON {ms, clusters}."""
import json, sys, time
import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
n, d, path, reps = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
x = np.fromfile(path, dtype="<f4").reshape(n, d)
best = float("inf")
for _ in range(reps):
    t = time.perf_counter()
    xn = x / np.linalg.norm(x, axis=1, keepdims=True)
    labels = fcluster(linkage(xn, method="centroid", metric="euclidean"), 0.6, criterion="distance")
    best = min(best, time.perf_counter() - t)
print(json.dumps({"ms": best * 1000, "clusters": int(labels.max())}))
