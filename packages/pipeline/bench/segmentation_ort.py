"""Side-by-side reference for bench/rtf.bench.mjs: the same segmentation-3.0 ONNX on Python's
onnxruntime, with pyannote's sliding windows (10 s every 1 s, zero-padded last chunk) built with numpy,
batch 32, full graph optimisation, the given number of intra-op threads. Prints JSON {"name": best_ms, ...}.

usage: python3 segmentation_ort.py model.onnx threads name=clip.wav [name=clip.wav ...]
"""
import json
import sys
import time

import numpy as np
import onnxruntime as ort

from pyannote_windows import chunks, load_wav


def segment(sess, name, x, batch=32):
    c = chunks(x)[:, None, :]
    outs = []
    for i in range(0, len(c), batch):
        logits = sess.run(None, {name: c[i:i + batch]})[0]
        outs.append(logits.argmax(-1))
    return np.concatenate(outs)


def main():
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = int(sys.argv[2])
    opts.inter_op_num_threads = 1
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    sess = ort.InferenceSession(sys.argv[1], opts, providers=["CPUExecutionProvider"])
    name = sess.get_inputs()[0].name
    result = {}
    for arg in sys.argv[3:]:
        key, path = arg.split("=", 1)
        x = load_wav(path)
        segment(sess, name, x)
        best = float("inf")
        for _ in range(3):
            t = time.perf_counter()
            segment(sess, name, x)
            best = min(best, (time.perf_counter() - t) * 1000)
        result[key] = best
    print(json.dumps(result))


if __name__ == "__main__":
    main()
