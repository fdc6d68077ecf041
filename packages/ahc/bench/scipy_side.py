"""argv: n d seed → times scipy linkage(centroid)+fcluster on the same data as ahc.bench.mjs."""
import json, sys, time
import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
n, d, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
x = np.fromfile(path, dtype="<f4").reshape(n, d)
t = time.perf_counter()
xn = x / np.linalg.norm(x, axis=1, keepdims=True)
labels = fcluster(linkage(xn, method="centroid", metric="euclidean"), 0.6, criterion="distance")
print(json.dumps({"ms": (time.perf_counter() - t) * 1000, "clusters": int(labels.max())}))
