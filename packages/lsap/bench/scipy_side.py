"""Times scipy.optimize.linear_sum_assignment on matrices written by lsap.bench.mjs.
argv: file rows cols count repeats maximize → JSON {ms} (best of repeats, all matrices)."""
import json, sys, time
import numpy as np
from scipy.optimize import linear_sum_assignment
path, r, c, n, reps, mx = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6] == "1"
mats = np.fromfile(path, dtype="<f8").reshape(n, r, c)
best = float("inf")
for _ in range(reps):
    t = time.perf_counter()
    for m in mats:
        linear_sum_assignment(m, maximize=mx)
    best = min(best, time.perf_counter() - t)
print(json.dumps({"ms": best * 1000}))
