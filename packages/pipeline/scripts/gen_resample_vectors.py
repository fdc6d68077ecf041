"""Reference vectors for the resampler: torchaudio.functional.resample (Hann-windowed sinc, width 6,
rolloff 0.99) on float32 signals. Run: /usr/bin/python3 packages/pipeline/scripts/gen_resample_vectors.py"""
import base64, json, pathlib
import numpy as np, torch, torchaudio
b64 = lambda a: base64.b64encode(np.ascontiguousarray(a, dtype=np.float32).tobytes()).decode()
rng = np.random.default_rng(5)
cases = []
for orig in (44100, 48000, 8000, 22050, 32000, 11025):
    n = int(orig * 0.25) + 7
    t = np.arange(n) / orig
    x = (0.4 * np.sin(2 * np.pi * 440 * t) + 0.2 * np.sin(2 * np.pi * 3100 * t) + 0.05 * rng.standard_normal(n)).astype(np.float32)
    y = torchaudio.functional.resample(torch.from_numpy(x), orig, 16000).numpy()
    y64 = torchaudio.functional.resample(torch.from_numpy(x.astype(np.float64)), orig, 16000).numpy()
    cases.append({"orig": orig, "x": b64(x), "y": b64(y), "noise": float(np.max(np.abs(y - y64)))})
p = pathlib.Path(__file__).resolve().parent.parent / "test" / "data" / "resample-torchaudio.json"
p.write_text(json.dumps({"torchaudio": torchaudio.__version__, "cases": cases}))
print(len(cases), "cases", p.stat().st_size, "bytes")
