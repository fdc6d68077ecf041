"""pyannote's embedding stage in PyTorch, for bench/rtf.bench.mjs: the same network and weights as a
given ONNX model (its graph executed op by op with torch eager operators, as pyannote's nn.Module
forward does), driven the way pyannote.audio 4.0.4 `get_embeddings` drives WeSpeakerResNet34:
every (chunk, speaker) pair, batches of 32, `compute_fbank` (torchaudio kaldi fbank of
waveform x 2^15, mean-centred) per pair inside the batch, overlap-excluded masks with the fallback.
as many torch threads as CPUs (PyPI torch's default; Debian's build defaults to 1). Writes the fbank/weights/embeddings of the first pairs to an .npz so that
dia can run the same inputs through onnxruntime, and prints JSON timings.

usage: /usr/bin/python3 embedding_torch.py model.onnx clip.wav segmentations.npz out.npz
(Debian python3-torch, python3-torchaudio, python3-onnx)
"""
import json
import os
import sys
import time

import numpy as np
import onnx
import torch
import torch.nn.functional as F
import torchaudio.compliance.kaldi as kaldi
from onnx import numpy_helper

from pyannote_windows import chunks, load_wav


def attr(node, name, default=None):
    for a in node.attribute:
        if a.name == name:
            return onnx.helper.get_attribute_value(a)
    return default


class OnnxAsTorch:
    """Runs the ops this project's ONNX exports use with torch eager operators."""

    def __init__(self, path):
        m = onnx.load(path)
        self.nodes = list(m.graph.node)
        self.consts = {i.name: torch.from_numpy(numpy_helper.to_array(i).copy()) for i in m.graph.initializer}
        self.output = m.graph.output[0].name

    def __call__(self, **inputs):
        env = dict(self.consts)
        env.update(inputs)
        for n in self.nodes:
            x = [env[i] for i in n.input]
            t = n.op_type
            if t == "Conv":
                k = attr(n, "kernel_shape")
                s = attr(n, "strides", [1] * len(k))
                p = attr(n, "pads", [0] * (2 * len(k)))[: len(k)]
                conv = F.conv2d if len(k) == 2 else F.conv1d
                y = conv(x[0], x[1], x[2] if len(x) > 2 else None, stride=s, padding=p)
            elif t == "Relu":
                y = torch.relu(x[0])
            elif t == "Add":
                y = x[0] + x[1]
            elif t == "Sub":
                y = x[0] - x[1]
            elif t == "Mul":
                y = x[0] * x[1]
            elif t == "Div":
                y = x[0] / x[1]
            elif t == "Sqrt":
                y = torch.sqrt(x[0])
            elif t == "MatMul":
                y = torch.matmul(x[0], x[1])
            elif t == "Transpose":
                y = x[0].permute(*attr(n, "perm"))
            elif t == "Unsqueeze":
                y = x[0]
                for a in sorted(int(v) for v in x[1]):
                    y = y.unsqueeze(a)
            elif t == "Squeeze":
                y = x[0]
                for a in sorted((int(v) for v in x[1]), reverse=True):
                    y = y.squeeze(a)
            elif t == "Reshape":
                shape = [int(v) if int(v) != 0 else x[0].shape[i] for i, v in enumerate(x[1])]
                y = x[0].reshape(shape)
            elif t == "Gather":
                y = torch.index_select(x[0], attr(n, "axis", 0), x[1])
            elif t == "ReduceSum":
                y = x[0].sum(dim=[int(v) for v in x[1]], keepdim=bool(attr(n, "keepdims", 1)))
            elif t == "Concat":
                y = torch.cat(x, dim=attr(n, "axis"))
            else:
                raise NotImplementedError(t)
            env[n.output[0]] = y
        return env[self.output]


def masks_of(seg):
    """pyannote get_embeddings: overlap-excluded masks, full mask when <= 2 clean frames."""
    clean = seg * (seg.sum(axis=2, keepdims=True) < 2)
    out = np.empty((seg.shape[0] * seg.shape[2], seg.shape[1]), dtype=np.float32)
    for c in range(seg.shape[0]):
        for s in range(seg.shape[2]):
            m = clean[c, :, s] if clean[c, :, s].sum() > 2 else seg[c, :, s]
            out[c * seg.shape[2] + s] = np.nan_to_num(m)
    return out


def compute_fbank(waveforms):
    """pyannote BaseWeSpeakerResNet.compute_fbank."""
    feats = torch.stack([kaldi.fbank(w.unsqueeze(0) * (1 << 15), num_mel_bins=80, frame_length=25, frame_shift=10,
                                     dither=0.0, sample_frequency=16000, window_type="hamming", use_energy=False) for w in waveforms])
    return feats - feats.mean(dim=1, keepdim=True)


def main():
    torch.set_num_threads(os.cpu_count() or 1)
    model = OnnxAsTorch(sys.argv[1])
    x = load_wav(sys.argv[2])
    seg = np.load(sys.argv[3])["segmentations"]
    wav = chunks(x)
    masks = masks_of(seg)
    S = seg.shape[2]
    pairs = wav.shape[0] * S
    saved = {}
    with torch.inference_mode():
        start = time.perf_counter()
        fbank_s = 0.0
        for first in range(0, pairs, 32):
            idx = range(first, min(first + 32, pairs))
            w = torch.from_numpy(np.stack([wav[p // S] for p in idx]))
            t = time.perf_counter()
            fb = compute_fbank(w)
            fbank_s += time.perf_counter() - t
            emb = model(fbank=fb, weights=torch.from_numpy(masks[first:first + len(idx)]))
            if first == 0:
                saved = {"fbank": fb.numpy(), "weights": masks[: len(idx)], "embedding": emb.numpy()}
        total = time.perf_counter() - start
    np.savez(sys.argv[4], **saved)
    print(json.dumps({"pairs": pairs, "total_ms": total * 1000, "fbank_ms": fbank_s * 1000, "threads": torch.get_num_threads(), "torch": torch.__version__}))


if __name__ == "__main__":
    main()
