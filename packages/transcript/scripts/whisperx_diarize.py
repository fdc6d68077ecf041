"""Loads whisperX's own `whisperx/diarize.py` (pinned wheel, SHA-256 checked) without its heavy
imports (torch, pyannote.audio, the audio loader), which `assign_word_speakers` does not use.

Used by the generators in this folder; needs numpy and pandas (`pip install numpy pandas`).
"""
import hashlib
import importlib.util
import logging
import os
import subprocess
import sys
import tempfile
import types
import zipfile

WHISPERX_VERSION = "3.8.6"
WHEEL = f"whisperx-{WHISPERX_VERSION}-py3-none-any.whl"
WHEEL_SHA256 = "cb6d4fcd3fb6c42305cb8b222a33a0b78f6b657e9db3b714345fe43dc0a69c1f"
CACHE = os.path.join(tempfile.gettempdir(), "dia-whisperx")


def _wheel() -> str:
    path = os.path.join(CACHE, WHEEL)
    if not os.path.exists(path):
        os.makedirs(CACHE, exist_ok=True)
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "-d", CACHE, f"whisperx=={WHISPERX_VERSION}"],
            check=True,
        )
    digest = hashlib.sha256(open(path, "rb").read()).hexdigest()
    if digest != WHEEL_SHA256:
        raise SystemExit(f"{path}: SHA-256 {digest}, expected {WHEEL_SHA256}")
    return path


def _stub(name: str, **attrs) -> types.ModuleType:
    module = types.ModuleType(name)
    module.__dict__.update(attrs)
    sys.modules[name] = module
    return module


def load_diarize_module() -> types.ModuleType:
    """whisperX's diarize module, imported from the pinned wheel with stand-ins for what it imports but `assign_word_speakers` never calls."""
    source = zipfile.ZipFile(_wheel()).read("whisperx/diarize.py")
    _stub("torch", device=lambda *a, **k: None)
    pyannote = _stub("pyannote")
    pyannote.audio = _stub("pyannote.audio", Pipeline=object)
    package = _stub("whisperx")
    package.__path__ = []
    _stub("whisperx.audio", load_audio=None, SAMPLE_RATE=16000)
    _stub("whisperx.schema", TranscriptionResult=dict, AlignedTranscriptionResult=dict, ProgressCallback=object)
    _stub("whisperx.log_utils", get_logger=logging.getLogger)
    spec = importlib.util.spec_from_loader("whisperx.diarize", loader=None)
    module = importlib.util.module_from_spec(spec)
    exec(compile(source, f"{WHEEL}/whisperx/diarize.py", "exec"), module.__dict__)
    return module


def wheel_info() -> dict:
    return {"package": "whisperx", "version": WHISPERX_VERSION, "wheel": WHEEL, "sha256": WHEEL_SHA256, "function": "whisperx.diarize.assign_word_speakers"}
