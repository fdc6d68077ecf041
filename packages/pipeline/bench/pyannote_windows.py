"""Shared by the Python side of the benchmarks: a 16 kHz mono 16-bit WAV as float32, and
pyannote's sliding windows (10 s every 1 s, the last chunk zero-padded: `Inference.slide`)."""
import wave

import numpy as np


def load_wav(path):
    with wave.open(path) as w:
        assert w.getsampwidth() == 2 and w.getnchannels() == 1 and w.getframerate() == 16000
        return np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float32) / 32768.0


def chunks(x, win=160000, step=16000):
    """(chunks, win) float32: every full window, then the zero-padded remainder if any."""
    n, out, start = len(x), [], 0
    while start + win <= n:
        out.append(x[start:start + win])
        start += step
    if n < win or (n - win) % step > 0:
        last = np.zeros(win, dtype=np.float32)
        rest = x[start:] if n >= win else x
        last[: len(rest)] = rest
        out.append(last)
    return np.stack(out)
