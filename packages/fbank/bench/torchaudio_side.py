"""Times torchaudio.compliance.kaldi.fbank (single thread) on a float32 file. argv: path → JSON {ms, cpu_ms,
frames}: best wall-clock and best process CPU time per call. Needs torch + torchaudio (Debian:
/usr/bin/python3 with python3-torchaudio)."""
import json, sys, time
import numpy as np, torch
import torchaudio.compliance.kaldi as kaldi
torch.set_num_threads(1)
x = torch.from_numpy(np.fromfile(sys.argv[1], dtype="<f4")).unsqueeze(0)
best = cpu = 1e9
calls = max(1, round(60 * 16000 / x.shape[1]))  # ≥ 60 s of audio per timing, like the JS side
for _ in range(4):
    t, c = time.perf_counter(), time.process_time()
    for _ in range(calls):
        f = kaldi.fbank(x, num_mel_bins=80, frame_length=25, frame_shift=10, dither=0.0, sample_frequency=16000, window_type="hamming")
    best = min(best, (time.perf_counter() - t) / calls)
    cpu = min(cpu, (time.process_time() - c) / calls)
print(json.dumps({"ms": best * 1000, "cpu_ms": cpu * 1000, "frames": int(f.shape[0])}))
