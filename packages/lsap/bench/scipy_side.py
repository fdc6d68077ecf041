"""scipy.optimize.linear_sum_assignment on matrices written by lsap.bench.mjs, served in timing
slices (scripts/lib/serve_slices.py): one slice run solves every matrix once.
argv: file rows cols count maximize"""
import os, sys
import numpy as np
from scipy.optimize import linear_sum_assignment

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "scripts", "lib"))
from serve_slices import serve  # noqa: E402

path, r, c, n, mx = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5] == "1"
mats = np.fromfile(path, dtype="<f8").reshape(n, r, c)


def run():
    for m in mats:
        linear_sum_assignment(m, maximize=mx)


serve(run)
