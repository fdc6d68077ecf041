"""torchaudio reference for @dia/fbank's fixture-clip test: pyannote's WeSpeaker features of chunks of
a 16-bit 16 kHz WAV (chunk c = samples[c·16000, c·16000 + 160000), zero-padded), on the float32
samples and on the same samples as float64.
Usage: torchaudio_wespeaker.py clip.wav out.bin c0,c1,...  → out.bin holds, per chunk, y32 then
d = y64 − y32, each 998×80 float32 (little-endian)."""
import sys, wave
import numpy as np
import torch
from torchaudio_reference import wespeaker

path, out, chunks = sys.argv[1], sys.argv[2], [int(c) for c in sys.argv[3].split(",")]
with wave.open(path, "rb") as w:
    assert w.getsampwidth() == 2 and w.getnchannels() == 1 and w.getframerate() == 16000, path
    x = (np.frombuffer(w.readframes(w.getnframes()), dtype="<i2") / 32768).astype(np.float32)
with open(out, "wb") as f:
    for c in chunks:
        chunk = np.zeros(160000, dtype=np.float32)
        part = x[c * 16000: c * 16000 + 160000]
        chunk[: len(part)] = part
        y32 = wespeaker(torch.from_numpy(chunk)).numpy()
        y64 = wespeaker(torch.from_numpy(chunk.astype(np.float64))).numpy()
        f.write(np.ascontiguousarray(y32, dtype="<f4").tobytes())
        f.write(np.ascontiguousarray(y64 - y32.astype(np.float64), dtype="<f4").tobytes())
