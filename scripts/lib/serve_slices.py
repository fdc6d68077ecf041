"""The reference side of scripts/lib/interleaved-bench.mjs: after setup it prints "ready", then for
each line "WARM REPS" on stdin it runs the case WARM times untimed and REPS times timed and prints
JSON {ms, iters?} (ms: the best timed run; iters: the case's result when it is an int)."""
import json, sys, time


def serve(f):
    print("ready", flush=True)
    for line in sys.stdin:
        warm, reps = map(int, line.split())
        for _ in range(warm):
            f()
        best, out = float("inf"), None
        for _ in range(reps):
            t = time.perf_counter()
            out = f()
            best = min(best, time.perf_counter() - t)
        print(json.dumps({"ms": best * 1000, **({"iters": out} if isinstance(out, int) else {})}), flush=True)
