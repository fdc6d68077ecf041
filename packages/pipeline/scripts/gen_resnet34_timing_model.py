"""A timing stand-in for WeSpeaker ResNet34-LM: the real network's architecture and size with
random weights, so benchmarks measure the real compute cost of the embedding stage on machines
where the real weights cannot be downloaded. Its embeddings are meaningless; it is never used
for correctness tests and is not committed (26 MB): bench set-up writes it to .cache/models.

Architecture as wespeaker.models.resnet.ResNet34(feat_dim=80, embed_dim=256, m_channels=32) used
by pyannote's WeSpeakerResNet34 (two_emb_layer=False), batch norm folded into the convolutions as an
ONNX export does: (B,T,80) → (B,1,80,T) → conv3x3(32) → [3,4,6,3] BasicBlocks with 32/64/128/256
channels, strides 1/2/2/2 → (B,256,10,T/8) → (B,2560,T/8) → pyannote's weighted statistics pooling
(weights [B,589] resized to T/8 frames by nearest neighbour; +1e-8 terms) → Linear(5120, 256).
Signature: fbank [B,998,80] + weights [B,589] → embedding [B,256], as the real export.

Run: python3 packages/pipeline/scripts/gen_resnet34_timing_model.py [out.onnx]   (pip install onnx numpy)
"""
import pathlib
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

T, F, D = 998, 80, 256
rng = np.random.default_rng(34)
nodes = []
inits = []
counter = [0]


def name(prefix):
    counter[0] += 1
    return f"{prefix}{counter[0]}"


def const(array, prefix="c"):
    n = name(prefix)
    inits.append(numpy_helper.from_array(array, n))
    return n


def conv(x, cin, cout, k, stride):
    w = (rng.standard_normal((cout, cin, k, k)) * np.sqrt(2.0 / (cin * k * k))).astype(np.float32)
    b = (rng.standard_normal(cout) * 0.01).astype(np.float32)
    y = name("conv")
    pad = k // 2
    nodes.append(helper.make_node("Conv", [x, const(w, "W"), const(b, "B")], [y], kernel_shape=[k, k], strides=[stride, stride], pads=[pad, pad, pad, pad]))
    return y


def relu(x):
    y = name("relu")
    nodes.append(helper.make_node("Relu", [x], [y]))
    return y


def op(kind, inputs, **attrs):
    y = name(kind.lower())
    nodes.append(helper.make_node(kind, inputs, [y], **attrs))
    return y


def basic_block(x, cin, cout, stride):
    out = relu(conv(x, cin, cout, 3, stride))
    out = conv(out, cout, cout, 3, 1)
    shortcut = conv(x, cin, cout, 1, stride) if stride != 1 or cin != cout else x
    return relu(op("Add", [out, shortcut]))


x = op("Transpose", ["fbank"], perm=[0, 2, 1])                      # (B,80,T)
x = op("Unsqueeze", [x, const(np.array([1], dtype=np.int64))])     # (B,1,80,T)
x = relu(conv(x, 1, 32, 3, 1))
cin = 32
for blocks, cout, stride in [(3, 32, 1), (4, 64, 2), (6, 128, 2), (3, 256, 2)]:
    for i in range(blocks):
        x = basic_block(x, cin, cout, stride if i == 0 else 1)
        cin = cout
frames = T
for _ in range(3):
    frames = (frames + 1) // 2  # a 3x3 convolution with padding 1 and stride 2: ceil(n / 2)
x = op("Reshape", [x, const(np.array([0, 2560, frames], dtype=np.int64))])  # (B,2560,T')

# pyannote's weighted statistics pooling with the +1e-8 terms (SPEC Q1)
idx = np.floor(np.arange(frames) * 589 / frames).astype(np.int64)
w = op("Gather", ["weights", const(idx)], axis=1)                    # (B,T')
w3 = op("Unsqueeze", [w, const(np.array([1], dtype=np.int64))])     # (B,1,T')
ax = const(np.array([2], dtype=np.int64))
e8 = const(np.array(1e-8, dtype=np.float32))
v1 = op("Add", [op("ReduceSum", [w3, ax], keepdims=1), e8])          # (B,1,1)
mean = op("Div", [op("ReduceSum", [op("Mul", [x, w3]), ax], keepdims=1), v1])  # (B,2560,1)
dx = op("Sub", [x, mean])
v2 = op("ReduceSum", [op("Mul", [w3, w3]), ax], keepdims=1)
den = op("Add", [op("Sub", [v1, op("Div", [v2, v1])]), e8])
var = op("Div", [op("ReduceSum", [op("Mul", [op("Mul", [dx, dx]), w3]), ax], keepdims=1), den])
stats = op("Concat", [op("Squeeze", [mean, ax]), op("Squeeze", [op("Sqrt", [var]), ax])], axis=1)  # (B,5120)
lin = (rng.standard_normal((5120, D)) / np.sqrt(5120)).astype(np.float32)
y = op("MatMul", [stats, const(lin, "L")])
nodes.append(helper.make_node("Add", [y, const((rng.standard_normal(D) * 0.01).astype(np.float32), "LB")], ["embedding"]))

graph = helper.make_graph(nodes, "wespeaker_resnet34_timing",
    [helper.make_tensor_value_info("fbank", TensorProto.FLOAT, ["batch", T, F]),
     helper.make_tensor_value_info("weights", TensorProto.FLOAT, ["batch", 589])],
    [helper.make_tensor_value_info("embedding", TensorProto.FLOAT, ["batch", D])], inits)
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
model.ir_version = 7
onnx.checker.check_model(model)
root = pathlib.Path(__file__).resolve().parents[3]
out = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else root / ".cache" / "models" / "wespeaker-resnet34-timing.onnx"
out.parent.mkdir(parents=True, exist_ok=True)
onnx.save(model, str(out))
params = sum(int(np.prod(i.dims)) for i in inits)
print(f"{out} ({out.stat().st_size / 1e6:.1f} MB, {params / 1e6:.2f} M parameters)")
