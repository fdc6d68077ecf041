"""Reference vectors for @dia/fbank from torchaudio.compliance.kaldi.fbank.
Noise per element = max(|float32 run − float64 run|, |float32 run − float32 run with exact FFT and mel matmul|).
Run with Debian's torch/torchaudio: /usr/bin/python3 packages/fbank/scripts/gen_vectors.py
Each case stores the float32 input, torchaudio's float32 output, and the reference's own rounding
noise per element (|fbank(float32) − fbank(float64)|), so the tests can tell reliable elements
(noise ≤ 1e-5) from ones where torchaudio itself is uncertain."""
import base64, json, math, pathlib, subprocess, tempfile
import numpy as np
import torch, torchaudio
import torchaudio.compliance.kaldi as kaldi

torch.set_num_threads(1)
b64 = lambda a: base64.b64encode(np.ascontiguousarray(a, dtype=np.float32).tobytes()).decode()
rng = np.random.default_rng(2026)
cases = []

def snake(opts):
    m = {"sample_frequency": "sampleFrequency", "frame_length": "frameLength", "frame_shift": "frameShift",
         "num_mel_bins": "numMelBins", "window_type": "windowType", "preemphasis_coefficient": "preemphasisCoefficient",
         "remove_dc_offset": "removeDcOffset", "round_to_power_of_two": "roundToPowerOfTwo", "snip_edges": "snipEdges",
         "low_freq": "lowFreq", "high_freq": "highFreq", "use_energy": "useEnergy", "raw_energy": "rawEnergy",
         "energy_floor": "energyFloor", "use_log_fbank": "useLogFbank", "use_power": "usePower", "htk_compat": "htkCompat",
         "subtract_mean": "subtractMean", "dither": "dither", "blackman_coeff": "blackmanCoeff"}
    return {m[k]: v for k, v in opts.items()}

def add(name, x, wespeaker=False, **opts):
    x = np.asarray(x, dtype=np.float32)
    if wespeaker:
        def run(t):
            f = kaldi.fbank(t.unsqueeze(0) * (1 << 15), num_mel_bins=80, frame_length=25, frame_shift=10, dither=0.0,
                            sample_frequency=16000, window_type="hamming", use_energy=False)
            return f - torch.mean(f, dim=0, keepdim=True)
    else:
        run = lambda t: kaldi.fbank(t.unsqueeze(0), **opts)
    y32 = run(torch.from_numpy(x)).numpy()
    y64 = run(torch.from_numpy(x.astype(np.float64))).numpy()
    # second estimate: the same float32 pipeline with torch's FFT and mel matmul done exactly (float64,
    # rounded once): isolates the float32 FFT/sgemm error that the float64 run can miss by chance
    rfft, mm = torch.fft.rfft, torch.mm
    torch.fft.rfft = lambda a: rfft(a.double()).to(torch.complex64) if a.dtype == torch.float32 else rfft(a)
    torch.mm = lambda a, b: mm(a.double(), b.double()).float() if a.dtype == torch.float32 else mm(a, b)
    try:
        yx = run(torch.from_numpy(x)).numpy()
    finally:
        torch.fft.rfft, torch.mm = rfft, mm
    noise = np.maximum(np.abs(y32.astype(np.float64) - y64), np.abs(y32.astype(np.float64) - yx.astype(np.float64)))
    cases.append({"name": name, "wespeaker": wespeaker, "options": snake(opts), "x": b64(x), "frames": int(y32.shape[0]),
                  "bins": int(y32.shape[1]) if y32.ndim == 2 else 0, "y": b64(y32), "noise": b64(noise)})

sr = 16000
t = np.arange(int(0.6 * sr)) / sr
S = 32767.0
W = dict(num_mel_bins=80, window_type="hamming", dither=0.0)
for lvl in (1.0, 100.0, 10000.0):
    add(f"white noise x{lvl}", rng.standard_normal(len(t)) * lvl, **W)
add("tone 440 Hz", 0.5 * S * np.sin(2 * np.pi * 440 * t), **W)
add("tone 3 kHz + 100 Hz", 0.3 * S * np.sin(2 * np.pi * 3000 * t) + 0.2 * S * np.sin(2 * np.pi * 100 * t), **W)
add("chirp 50 Hz → 7.5 kHz", 0.5 * S * np.sin(2 * np.pi * (50 * t + (7450 / (2 * t[-1])) * t ** 2)), **W)
add("silence", np.zeros(len(t)), **W)
add("exactly one frame", rng.standard_normal(400) * 1000, **W)
add("not a multiple of the shift", rng.standard_normal(4321) * 1000, **W)
add("clipped square wave", np.clip(2 * np.sign(np.sin(2 * np.pi * 220 * t)), -1, 1) * 20000, **W)
for wt in ("hamming", "hanning", "povey", "rectangular", "blackman"):
    add(f"window {wt}", rng.standard_normal(3000) * 3000, num_mel_bins=40, window_type=wt)
add("defaults (povey, 23 bins)", rng.standard_normal(5000) * 3000)
add("snip_edges=False", rng.standard_normal(4321) * 3000, num_mel_bins=40, snip_edges=False)
add("snip_edges=False short", rng.standard_normal(700) * 3000, num_mel_bins=23, snip_edges=False)
add("8 kHz", rng.standard_normal(4000) * 3000, sample_frequency=8000, num_mel_bins=23)
add("22.05 kHz, 40 bins", rng.standard_normal(8000) * 3000, sample_frequency=22050, num_mel_bins=40)
add("use_energy raw", rng.standard_normal(3000) * 3000, use_energy=True, num_mel_bins=30)
add("use_energy not raw, htk_compat", rng.standard_normal(3000) * 3000, use_energy=True, raw_energy=False, htk_compat=True)
add("energy_floor 0", rng.standard_normal(3000) * 3, use_energy=True, energy_floor=0.0)
add("magnitude, no log", rng.standard_normal(3000) * 3000, use_power=False, use_log_fbank=False)
add("subtract_mean", rng.standard_normal(3000) * 3000, subtract_mean=True, num_mel_bins=40)
add("round_to_power_of_two=False (400-point DFT)", rng.standard_normal(3000) * 3000, round_to_power_of_two=False)
add("low/high freq", rng.standard_normal(3000) * 3000, low_freq=100.0, high_freq=-500.0, num_mel_bins=40)
add("no preemphasis, no dc removal", rng.standard_normal(3000) * 3000 + 500, preemphasis_coefficient=0.0, remove_dc_offset=False)

with tempfile.TemporaryDirectory() as d:
    for i, text in enumerate(["Who spoke when? Speaker diarization answers that question.",
                              "The quick brown fox jumps over the lazy dog, twice."]):
        wav = pathlib.Path(d) / f"s{i}.wav"
        subprocess.run(["espeak-ng", "-v", "en" if i == 0 else "en+f3", "-w", str(wav), text], check=True)
        w, r = torchaudio.load(str(wav))
        w = torchaudio.functional.resample(w, r, 16000)[0].numpy()
        add(f"espeak-ng speech {i} (wespeaker features)", w[: 3 * 16000] * 0.8, wespeaker=True)
        add(f"espeak-ng speech {i} (kaldi defaults x32768)", w[: 2 * 16000] * 32768 * 0.8, **W)

banks = {}
for (nb, pad, srate, lo, hi) in [(80, 512, 16000, 20.0, 0.0), (23, 512, 16000, 20.0, 0.0), (40, 256, 8000, 100.0, -500.0)]:
    b, _ = kaldi.get_mel_banks(nb, pad, float(srate), lo, hi, 100.0, -500.0, 1.0)
    banks[f"{nb}-{pad}-{srate}-{lo}-{hi}"] = b64(b.numpy())
out = {"torch": torch.__version__, "torchaudio": torchaudio.__version__, "cases": cases, "melBanks": banks}
p = pathlib.Path(__file__).resolve().parent.parent / "test" / "data" / "torchaudio-vectors.json"
p.write_text(json.dumps(out))
print(f"{len(cases)} cases -> {p} ({p.stat().st_size} bytes)")
