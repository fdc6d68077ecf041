#!/usr/bin/env bash
# Installs the Python reference implementations the side-by-side benchmarks (pnpm bench) and the
# test-vector generators (packages/*/scripts/gen_*.py) call. Not needed for the tests: their vectors
# are committed. numpy/scipy/scikit-learn/pyannote.metrics from PyPI for `python3`; torch and
# torchaudio from Debian for /usr/bin/python3 (fbank, resampler), plus python3-onnx and espeak-ng;
# onnxruntime (Python) for the segmentation side by side and onnx for the ResNet34 timing model.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet numpy scipy scikit-learn pyannote.metrics pyannote.core onnx onnxruntime
if command -v apt-get >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch python3-torchaudio python3-onnx python3-numpy python3-scipy espeak-ng >/dev/null
fi
# the WeSpeaker ResNet34-LM timing model (real architecture, random weights) for the front-end bench
python3 packages/pipeline/scripts/gen_resnet34_timing_model.py
echo "benchmark references installed"
