"""Transcripts of two parity-fixture clips in the formats people have, with the speaker whisperX
gives each word against pyannote's reference RTTM.

    python3 -m pip install numpy pandas pocketsphinx==5.1.1
    python3 packages/transcript/scripts/gen_asr_fixtures.py

No whisper model can be downloaded on the machines this project is built on, so the words and
their timings come from a real recogniser that ships its model inside its PyPI package:
PocketSphinx 5.1.1 (CMU Sphinx, bundled US-English acoustic model, language model and dictionary).
Its word timings are real (10 ms frames); its words are often wrong on these accented, noisy
clips. This script writes them in the layout of

  - whisper.cpp `whisper-cli -ojf` (07_yuhewei_dongbei_english → test/data/asr/07.whisper-cpp.json):
    segments at pauses ≥ 0.5 s, times in ms as whisper.cpp writes them (10 ms steps), one token per
    word with a leading space, except that words of 7+ letters are cut into two tokens at the middle
    letter and the middle of their time, as whisper's sub-word tokens are, and `[_BEG_]` /
    `[_TT_n]` special tokens open and close each segment;
  - OpenAI `verbose_json` with `timestamp_granularities=["word","segment"]`
    (02_pyannote_sample → test/data/asr/02.openai-verbose.json).

`params.model` / `model` name PocketSphinx in both files: neither whisper.cpp nor the OpenAI
API produced them. Expected speakers (test/data/asr/expected-speakers.json): whisperX 3.8.6's
`assign_word_speakers` on the words as the dia readers see them and on the turns of the
fixture's reference.rttm (pyannote's own output), fill_nearest False and True.
"""
import json
import os
import wave

import pandas as pd
from pocketsphinx import Decoder

from whisperx_diarize import load_diarize_module, wheel_info

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "test", "data", "asr")
FIXTURES = os.environ.get("DIA_FIXTURES_DIR", os.path.join(HERE, "..", "..", "..", "..", "shared", "fixtures", "pyannote-parity"))
PAUSE = 0.5


def recognise(wav_path):
    """PocketSphinx words as (text, start_ms, end_ms): fillers and silences dropped, '(2)' variants unmarked."""
    decoder = Decoder(samprate=16000)
    with wave.open(wav_path) as w:
        assert w.getframerate() == 16000 and w.getnchannels() == 1 and w.getsampwidth() == 2
        audio = w.readframes(w.getnframes())
    decoder.start_utt()
    decoder.process_raw(audio, full_utt=True)
    decoder.end_utt()
    frame_ms = 1000 // int(decoder.config["frate"])
    words = []
    for seg in decoder.seg():
        text = seg.word.split("(")[0]
        if text.startswith("<") or text.startswith("["):
            continue
        words.append((text, seg.start_frame * frame_ms, (seg.end_frame + 1) * frame_ms))
    return words


def segments_at_pauses(words):
    groups = [[words[0]]]
    for w in words[1:]:
        if w[1] - groups[-1][-1][2] >= PAUSE * 1000:
            groups.append([w])
        else:
            groups[-1].append(w)
    return groups


def stamp(ms):
    return f"{ms // 3600000:02d}:{ms // 60000 % 60:02d}:{ms // 1000 % 60:02d},{ms % 1000:03d}"


def span(t0, t1):
    return {"timestamps": {"from": stamp(t0), "to": stamp(t1)}, "offsets": {"from": t0, "to": t1}}


def whisper_cpp_json(words):
    transcription = []
    for group in segments_at_pauses(words):
        t0, t1 = group[0][1], group[-1][2]
        tokens = [{"text": "[_BEG_]", **span(t0, t0), "id": 50364, "p": 1.0, "t_dtw": -1}]
        for text, a, b in group:
            if len(text) >= 7:
                cut = len(text) // 2
                mid = a + (b - a) // 20 * 10  # a 10 ms step near the middle
                tokens.append({"text": " " + text[:cut], **span(a, mid), "id": 0, "p": 0.5, "t_dtw": -1})
                tokens.append({"text": text[cut:], **span(mid, b), "id": 0, "p": 0.5, "t_dtw": -1})
            else:
                tokens.append({"text": " " + text, **span(a, b), "id": 0, "p": 0.5, "t_dtw": -1})
        tokens.append({"text": f"[_TT_{(t1 - t0) // 20}]", **span(t1, t1), "id": 50365, "p": 1.0, "t_dtw": -1})
        transcription.append({**span(t0, t1), "text": "".join(" " + w[0] for w in group), "tokens": tokens})
    return {
        "systeminfo": "constructed by packages/transcript/scripts/gen_asr_fixtures.py: words and times recognised by PocketSphinx 5.1.1, not by whisper.cpp",
        "model": {"type": "pocketsphinx-5.1.1-en-us", "multilingual": False},
        "params": {"model": "pocketsphinx-5.1.1-en-us (stand-in for a whisper model)", "language": "en", "translate": False},
        "result": {"language": "en"},
        "transcription": transcription,
    }


def openai_verbose_json(words, duration):
    segments = []
    for i, group in enumerate(segments_at_pauses(words)):
        segments.append({
            "id": i, "seek": 0, "start": group[0][1] / 1000, "end": group[-1][2] / 1000,
            "text": "".join(" " + w[0] for w in group), "tokens": [], "temperature": 0.0,
            "avg_logprob": 0.0, "compression_ratio": 1.0, "no_speech_prob": 0.0,
        })
    return {
        "task": "transcribe", "language": "english", "duration": duration,
        "text": " ".join(w[0] for w in words),
        "model": "pocketsphinx-5.1.1-en-us (constructed by packages/transcript/scripts/gen_asr_fixtures.py; not produced by the OpenAI API)",
        "segments": segments,
        "words": [{"word": t, "start": a / 1000, "end": b / 1000} for t, a, b in words],
    }


def reference_turns(name):
    turns = []
    for line in open(os.path.join(FIXTURES, name, "reference.rttm")):
        f = line.split()
        if f and f[0] == "SPEAKER":
            turns.append({"start": float(f[3]), "end": float(f[3]) + float(f[4]), "speaker": f[7]})
    return turns


def expected_speakers(module, name, words):
    """whisperX on the words as dia's readers give them (seconds = ms / 1000), one segment holding them all."""
    df = pd.DataFrame(reference_turns(name), columns=["start", "end", "speaker"])
    out = {}
    for fill_nearest in (False, True):
        segment = {"start": words[0]["start"], "end": words[-1]["end"], "words": [dict(w) for w in words]}
        result = module.assign_word_speakers(df, {"segments": [segment]}, fill_nearest=fill_nearest)
        out["fillNearest" if fill_nearest else "default"] = [w.get("speaker") for w in result["segments"][0]["words"]]
    return out


def main():
    module = load_diarize_module()
    os.makedirs(OUT, exist_ok=True)
    expected = {"generator": "packages/transcript/scripts/gen_asr_fixtures.py", "reference": wheel_info(), "recogniser": "pocketsphinx 5.1.1 (PyPI), bundled en-us model", "files": {}}

    name = "07_yuhewei_dongbei_english"
    words = recognise(os.path.join(FIXTURES, name, "clip_16k.wav"))
    doc = whisper_cpp_json(words)
    json.dump(doc, open(os.path.join(OUT, "07.whisper-cpp.json"), "w"), indent="\t")
    merged = [{"word": " " + t, "start": a / 1000, "end": b / 1000} for t, a, b in words]
    expected["files"]["07.whisper-cpp.json"] = {"fixture": name, "words": [w["word"] for w in merged], **expected_speakers(module, name, merged)}

    name = "02_pyannote_sample"
    path = os.path.join(FIXTURES, name, "clip_16k.wav")
    with wave.open(path) as w:
        duration = w.getnframes() / w.getframerate()
    words = recognise(path)
    doc = openai_verbose_json(words, duration)
    json.dump(doc, open(os.path.join(OUT, "02.openai-verbose.json"), "w"), indent=2)
    flat = doc["words"]
    expected["files"]["02.openai-verbose.json"] = {"fixture": name, "words": [w["word"] for w in flat], **expected_speakers(module, name, flat)}

    json.dump(expected, open(os.path.join(OUT, "expected-speakers.json"), "w"), indent=1)
    for f, e in expected["files"].items():
        print(f, len(e["words"]), "words,", sum(s is None for s in e["default"]), "outside every turn")


if __name__ == "__main__":
    main()
