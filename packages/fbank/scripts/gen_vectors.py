"""Reference vectors for @dia/fbank from torchaudio.compliance.kaldi.fbank (torch 1.13 / torchaudio 0.13.1).
Run with Debian's torch/torchaudio and espeak-ng: /usr/bin/python3 packages/fbank/scripts/gen_vectors.py

Each case names its float32 input (`signals`: int16 samples × a power-of-two scale, or float32) and
stores torchaudio's output on it (y, float32) and the difference d = y64 − y32, where y64 is
torchaudio's output on the same samples as float64 input. |d| is torchaudio's own rounding noise (the
tests trust an element only where it is ≤ 1e-5), and y + d is torchaudio-on-float64-input, which a
float64 port should reproduce. d is stored as float16 of d·2¹⁰ (relative precision 2⁻¹¹, absolute
6e-11 below 6e-8), which keeps the gzip-compressed file (test/data/torchaudio-vectors.json.gz) small."""
import base64, gzip, json, pathlib, re, subprocess, tempfile
import numpy as np
import torch, torchaudio
import torchaudio.compliance.kaldi as kaldi
from torchaudio_reference import wespeaker
b64 = lambda a, dt=np.float32: base64.b64encode(np.ascontiguousarray(a, dtype=dt).tobytes()).decode()
rng = np.random.default_rng(2026)
cases = []
signals = {}
SNAKE = {"sample_frequency": "sampleFrequency", "frame_length": "frameLength", "frame_shift": "frameShift",
         "num_mel_bins": "numMelBins", "window_type": "windowType", "preemphasis_coefficient": "preemphasisCoefficient",
         "remove_dc_offset": "removeDcOffset", "round_to_power_of_two": "roundToPowerOfTwo", "snip_edges": "snipEdges",
         "low_freq": "lowFreq", "high_freq": "highFreq", "use_energy": "useEnergy", "raw_energy": "rawEnergy",
         "energy_floor": "energyFloor", "use_log_fbank": "useLogFbank", "use_power": "usePower", "htk_compat": "htkCompat",
         "subtract_mean": "subtractMean", "dither": "dither", "blackman_coeff": "blackmanCoeff"}


def signal(name, x):
    """Stores a signal once: int16 when every sample is an integer in range, else float32."""
    x = np.asarray(x, dtype=np.float32)
    if np.all(x == np.round(x)) and np.abs(x).max() < 32768:
        signals[name] = {"dtype": "int16", "data": b64(x, np.int16)}
    else:
        signals[name] = {"dtype": "float32", "data": b64(x)}
    return name, x


def add(name, x, group, is_wespeaker=False, scale=1.0, **opts):
    """x: a float32 array (stored under the case name) or a stored signal (name, samples), times `scale`
    (a power of two, so exact). group: 'speech-wespeaker' (the WeSpeaker configuration on speech),
    'speech', 'tone', 'dynamic', 'config'."""
    sig, x = x if isinstance(x, tuple) else signal(name, x)
    assert np.log2(scale) == round(np.log2(scale))
    x = x * np.float32(scale)
    run = wespeaker if is_wespeaker else (lambda t: kaldi.fbank(t.unsqueeze(0), **opts))
    y32 = run(torch.from_numpy(x)).numpy()
    y64 = run(torch.from_numpy(x.astype(np.float64))).numpy()
    assert np.isfinite(y32).all() and np.isfinite(y64).all(), name
    cases.append({"name": name, "group": group, "wespeaker": is_wespeaker, "options": {SNAKE[k]: v for k, v in opts.items()},
                  "signal": sig, "scale": scale, "length": len(x), "frames": int(y32.shape[0]), "bins": int(y32.shape[1]),
                  "y": b64(y32), "d": b64(np.round((y64 - y32.astype(np.float64)) * 2.0 ** 26) / 2.0 ** 26)})


sr = 16000
S = 32767.0
W = dict(num_mel_bins=80, window_type="hamming", dither=0.0)  # the WeSpeaker configuration
WINDOWS = ("hamming", "hanning", "povey", "rectangular", "blackman")
t = np.arange(int(0.6 * sr)) / sr

# --- real speech: espeak-ng, several voices, resampled to 16 kHz like pyannote would -------------------
SPEECH = [("en", "Who spoke when? Speaker diarization answers that question."),
          ("en+f3", "The quick brown fox jumps over the lazy dog, twice."),
          ("en-us+m3", "Seven silent salmon swim swiftly upstream at dawn."),
          ("de+f2", "Zwei kleine Hunde laufen schnell durch den Park."),
          ("fr+m4", "Le petit chat dort sur le canape depuis ce matin."),
          ("es+f4", "Hoy hace mucho sol y vamos a la playa con amigos."),
          ("en-gb-x-rp+klatt", "Shall we meet at nine or half past ten tomorrow?")]
speech = []
with tempfile.TemporaryDirectory() as d:
    for i, (voice, text) in enumerate(SPEECH):
        wav = pathlib.Path(d) / f"s{i}.wav"
        subprocess.run(["espeak-ng", "-v", voice, "-w", str(wav), text], check=True)
        w, r = torchaudio.load(str(wav))
        w = torchaudio.functional.resample(w, r, sr)[0].numpy()
        w = w[np.flatnonzero(np.abs(w) > 1e-3)[0]:][: 2 * sr]  # 2 s from the start of speech
        # peak at 0.9 full scale on the int16 grid (like a 16-bit recording), stored once as int16
        speech.append((voice, signal(f"speech {voice}", np.round(w / np.abs(w).max() * 0.9 * 32767))))
for voice, sig in speech:
    add(f"speech {voice} (wespeaker features)", sig, "speech-wespeaker", is_wespeaker=True, scale=2.0 ** -15)
    add(f"speech {voice} (hamming, 80 bins, x32768)", sig, "speech-wespeaker", **W)
for voice, sig in speech[:2]:
    for wt in ("povey", "blackman"):
        add(f"speech {voice} ({wt}, 23 bins)", sig, "speech", window_type=wt)
add(f"speech {speech[2][0]} at 8 kHz", np.round(torchaudio.functional.resample(torch.from_numpy(speech[2][1][1]), sr, 8000).numpy()),
    "speech", sample_frequency=8000, num_mel_bins=23)
add(f"speech {speech[3][0]} quiet (x2⁻¹²)", speech[3][1], "speech", scale=2.0 ** -12, **W)

# --- chirps and tones under every window type -----------------------------------------------------
# synthetic signals at 16-bit amplitudes are rounded to integers (stored as int16, like a recording)
chirp = signal("linear chirp", np.round(0.5 * S * np.sin(2 * np.pi * (50 * t + (7450 / (2 * t[-1])) * t ** 2))))
tones = signal("tones", np.round(0.3 * S * np.sin(2 * np.pi * 3000 * t) + 0.2 * S * np.sin(2 * np.pi * 100 * t)))
for wt in WINDOWS:
    add(f"linear chirp 50 Hz → 7.5 kHz, {wt}", chirp, "tone", num_mel_bins=80, window_type=wt)
    add(f"tones 3 kHz + 100 Hz, {wt}", tones, "tone", num_mel_bins=40, window_type=wt)
add("tone 440 Hz", np.round(0.5 * S * np.sin(2 * np.pi * 440 * t)), "tone", **W)
add("log chirp 30 Hz → 7 kHz, povey, snip_edges=False", np.round(0.4 * S * np.sin(2 * np.pi * 30 * t[-1] / np.log(7000 / 30) * ((7000 / 30) ** (t / t[-1]) - 1))),
    "tone", num_mel_bins=64, snip_edges=False)

# --- large dynamic range between bins ---------------------------------------------------------------
add("loud 1 kHz tone + noise at -100 dB", 0.9 * S * np.sin(2 * np.pi * 1000 * t) + 0.9 * S * 1e-5 * rng.standard_normal(len(t)), "dynamic", **W)
add("loud 200 Hz hum + quiet high-band noise", np.round(0.9 * S * np.sin(2 * np.pi * 200 * t)
    + 3.0 * np.convolve(rng.standard_normal(len(t)), [1, -2, 1], "same")), "dynamic", num_mel_bins=80, window_type="povey")
add("two tones 120 dB apart, blackman", 0.9 * S * np.sin(2 * np.pi * 500 * t) + 0.9 * S * 1e-6 * np.sin(2 * np.pi * 6000 * t),
    "dynamic", num_mel_bins=40, window_type="blackman")
clicks = np.zeros(len(t)); clicks[::1237] = S
add("clicks in digital silence", clicks, "dynamic", **W)
lsb = np.round(rng.standard_normal(len(t)) * 0.7)
add("±1 LSB noise with a speech burst", np.concatenate([lsb[: sr // 4], speech[4][1][1][: sr // 4], lsb[: sr // 4]]), "dynamic", **W)
add("DC offset 20000 + tone", np.round(20000 + 100 * np.sin(2 * np.pi * 700 * t)), "dynamic", num_mel_bins=40, window_type="hanning")

# --- configuration coverage (white noise and others) -------------------------------------------------
for lvl in (1.0, 100.0, 10000.0):
    add(f"white noise x{lvl}", rng.standard_normal(len(t)) * lvl, "config", **W)
add("silence", np.zeros(len(t)), "config", **W)
add("exactly one frame", rng.standard_normal(400) * 1000, "config", **W)
add("not a multiple of the shift", rng.standard_normal(4321) * 1000, "config", **W)
add("clipped square wave", np.clip(2 * np.sign(np.sin(2 * np.pi * 220 * t)), -1, 1) * 20000, "config", **W)
for wt in WINDOWS:
    add(f"white noise, {wt}", rng.standard_normal(3000) * 3000, "config", num_mel_bins=40, window_type=wt)
add("defaults (povey, 23 bins)", rng.standard_normal(5000) * 3000, "config")
add("snip_edges=False", rng.standard_normal(4321) * 3000, "config", num_mel_bins=40, snip_edges=False)
add("snip_edges=False short", rng.standard_normal(700) * 3000, "config", num_mel_bins=23, snip_edges=False)
add("8 kHz", rng.standard_normal(4000) * 3000, "config", sample_frequency=8000, num_mel_bins=23)
add("22.05 kHz, 40 bins", rng.standard_normal(8000) * 3000, "config", sample_frequency=22050, num_mel_bins=40)
add("use_energy raw", rng.standard_normal(3000) * 3000, "config", use_energy=True, num_mel_bins=30)
add("use_energy not raw, htk_compat", rng.standard_normal(3000) * 3000, "config", use_energy=True, raw_energy=False, htk_compat=True)
add("energy_floor 0", rng.standard_normal(3000) * 3, "config", use_energy=True, energy_floor=0.0)
add("magnitude, no log", rng.standard_normal(3000) * 3000, "config", use_power=False, use_log_fbank=False)
add("subtract_mean", rng.standard_normal(3000) * 3000, "config", subtract_mean=True, num_mel_bins=40)
add("round_to_power_of_two=False (400-point DFT)", rng.standard_normal(3000) * 3000, "config", round_to_power_of_two=False)
add("low/high freq", rng.standard_normal(3000) * 3000, "config", low_freq=100.0, high_freq=-500.0, num_mel_bins=40)
add("no preemphasis, no dc removal", rng.standard_normal(3000) * 3000 + 500, "config", preemphasis_coefficient=0.0, remove_dc_offset=False)

banks = {}
for (nb, pad, srate, lo, hi) in [(80, 512, 16000, 20.0, 0.0), (23, 512, 16000, 20.0, 0.0), (40, 256, 8000, 100.0, -500.0),
                                 (64, 512, 16000, 20.0, 0.0), (23, 256, 8000, 20.0, 0.0), (40, 1024, 22050, 20.0, 0.0),
                                 (23, 400, 16000, 20.0, 0.0)]:
    b, _ = kaldi.get_mel_banks(nb, pad, float(srate), lo, hi, 100.0, -500.0, 1.0)
    banks[f"{nb}-{pad}-{srate}-{lo}-{hi}"] = b64(b.numpy())
out = {"torch": torch.__version__, "torchaudio": torchaudio.__version__, "cpuCapability": re.search(r"CPU capability usage: (\w+)", torch.__config__.show()).group(1), "signals": signals, "cases": cases, "melBanks": banks}
p = pathlib.Path(__file__).resolve().parent.parent / "test" / "data" / "torchaudio-vectors.json.gz"
p.write_bytes(gzip.compress(json.dumps(out).encode(), 9, mtime=0))
print(f"{len(cases)} cases -> {p} ({p.stat().st_size} bytes)")
