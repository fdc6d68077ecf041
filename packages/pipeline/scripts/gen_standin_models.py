"""Small deterministic ONNX stand-ins with the real models' signatures, so the audio → RTTM path
runs in CI without the real weights (which cannot be downloaded here). They are NOT the real
networks and cannot reproduce pyannote's output.
- segmentation: input_values [B,1,160000] f32 → logits [B,589,7]: 7 fixed band-pass filters
  (kernel 991, stride 270 = segmentation-3.0's receptive field), |·|, log, per-class bias.
- embedding: fbank [B,998,80] + weights [B,589] → embedding [B,256]: fixed projection 80→128,
  weights resized 589→998 by nearest neighbour, weighted mean/std pooling with pyannote's +1e-8
  terms, fixed linear layer 256→256 with bias.
Run: /usr/bin/python3 packages/pipeline/scripts/gen_standin_models.py  (Debian python3-onnx)."""
import pathlib
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

out = pathlib.Path(__file__).resolve().parent.parent / "test" / "data" / "models"
out.mkdir(parents=True, exist_ok=True)
rng = np.random.default_rng(1234)

# --- segmentation stand-in
K, S = 991, 270
t = np.arange(K) / 16000.0
win = np.hanning(K)
bands = [0, 250, 600, 1400, 400, 900, 2000]  # Hz per class (class 0: DC = "silence")
filt = np.stack([win * np.cos(2 * np.pi * f * t) for f in bands])[:, None, :].astype(np.float32) / K
bias = np.array([-2.0, 0.0, 0.3, 0.6, -1.0, -1.2, -1.4], dtype=np.float32).reshape(1, 7, 1)
nodes = [
    helper.make_node("Conv", ["input_values", "W"], ["c"], strides=[S], kernel_shape=[K]),
    helper.make_node("Abs", ["c"], ["a"]),
    helper.make_node("Add", ["a", "eps"], ["ae"]),
    helper.make_node("Log", ["ae"], ["l"]),
    helper.make_node("Add", ["l", "bias"], ["lb"]),
    helper.make_node("Transpose", ["lb"], ["logits"], perm=[0, 2, 1]),
]
g = helper.make_graph(nodes, "segmentation_standin",
    [helper.make_tensor_value_info("input_values", TensorProto.FLOAT, ["batch", 1, 160000])],
    [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", 589, 7])],
    [numpy_helper.from_array(filt, "W"), numpy_helper.from_array(bias, "bias"), numpy_helper.from_array(np.array(1e-3, dtype=np.float32), "eps")])
m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)]); m.ir_version = 7
onnx.checker.check_model(m); onnx.save(m, str(out / "segmentation-standin.onnx"))

# --- embedding stand-in
T, F, H, D = 998, 80, 128, 256
proj = (rng.standard_normal((F, H)) / np.sqrt(F)).astype(np.float32)
lin = (rng.standard_normal((2 * H, D)) / np.sqrt(2 * H)).astype(np.float32)
lb = (rng.standard_normal(D) * 0.05).astype(np.float32)
idx = np.floor(np.arange(T) * 589 / T).astype(np.int64)
nodes = [
    helper.make_node("MatMul", ["fbank", "P"], ["x"]),                     # [B,T,H]
    helper.make_node("Gather", ["weights", "idx"], ["w"], axis=1),           # [B,T]
    helper.make_node("Unsqueeze", ["w", "ax2"], ["w3"]),                     # [B,T,1]
    helper.make_node("ReduceSum", ["w", "ax1"], ["sw"], keepdims=1),         # [B,1]
    helper.make_node("Add", ["sw", "e8"], ["v1"]),
    helper.make_node("Mul", ["x", "w3"], ["xw"]),
    helper.make_node("ReduceSum", ["xw", "ax1"], ["sxw"], keepdims=0),       # [B,H]
    helper.make_node("Div", ["sxw", "v1"], ["mean"]),
    helper.make_node("Mul", ["w", "w"], ["ww"]),
    helper.make_node("ReduceSum", ["ww", "ax1"], ["v2"], keepdims=1),
    helper.make_node("Unsqueeze", ["mean", "ax1"], ["mean3"]),               # [B,1,H]
    helper.make_node("Sub", ["x", "mean3"], ["dx"]),
    helper.make_node("Mul", ["dx", "dx"], ["dx2"]),
    helper.make_node("Mul", ["dx2", "w3"], ["dx2w"]),
    helper.make_node("ReduceSum", ["dx2w", "ax1"], ["sdx"], keepdims=0),
    helper.make_node("Div", ["v2", "v1"], ["r"]),
    helper.make_node("Sub", ["v1", "r"], ["den0"]),
    helper.make_node("Add", ["den0", "e8"], ["den"]),
    helper.make_node("Div", ["sdx", "den"], ["var"]),
    helper.make_node("Sqrt", ["var"], ["std"]),
    helper.make_node("Concat", ["mean", "std"], ["stats"], axis=1),
    helper.make_node("MatMul", ["stats", "L"], ["y"]),
    helper.make_node("Add", ["y", "LB"], ["embedding"]),
]
inits = [numpy_helper.from_array(a, n) for a, n in [(proj, "P"), (lin, "L"), (lb, "LB"), (idx, "idx"),
         (np.array([1], dtype=np.int64), "ax1"), (np.array([2], dtype=np.int64), "ax2"), (np.array(1e-8, dtype=np.float32), "e8")]]
g = helper.make_graph(nodes, "wespeaker_standin",
    [helper.make_tensor_value_info("fbank", TensorProto.FLOAT, ["batch", T, F]),
     helper.make_tensor_value_info("weights", TensorProto.FLOAT, ["batch", 589])],
    [helper.make_tensor_value_info("embedding", TensorProto.FLOAT, ["batch", D])], inits)
m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)]); m.ir_version = 7
onnx.checker.check_model(m); onnx.save(m, str(out / "embedding-standin.onnx"))
# the same graph without pyannote's +1e-8 pooling terms (an unpatched export): NaN for an empty mask
for init in g.initializer:
    if init.name == "e8":
        init.CopyFrom(numpy_helper.from_array(np.array(0.0, dtype=np.float32), "e8"))
m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)]); m.ir_version = 7
onnx.checker.check_model(m); onnx.save(m, str(out / "embedding-standin-noeps.onnx"))
for f in sorted(out.iterdir()): print(f.name, f.stat().st_size)
