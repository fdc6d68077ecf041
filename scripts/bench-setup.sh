#!/usr/bin/env bash
# Installs the Python reference implementations the side-by-side benchmarks (pnpm bench) and the
# test-vector generators (packages/*/scripts/gen_*.py) call. Not needed for the tests: their vectors
# are committed. numpy/scipy/scikit-learn/pyannote.metrics from PyPI for `python3`; torch and
# torchaudio from Debian for /usr/bin/python3 (fbank, resampler), plus python3-onnx and espeak-ng.
set -euo pipefail
python3 -m pip install --quiet numpy scipy scikit-learn pyannote.metrics pyannote.core
if command -v apt-get >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch python3-torchaudio python3-onnx python3-numpy python3-scipy espeak-ng >/dev/null
fi
echo "benchmark references installed"
