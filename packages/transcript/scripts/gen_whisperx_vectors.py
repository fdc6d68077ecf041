"""Reference vectors for `assignSpeakers`: whisperX's own `assign_word_speakers` (whisperx 3.8.6,
pinned wheel) run on generated transcripts and diarizations.

    python3 -m pip install numpy pandas
    python3 packages/transcript/scripts/gen_whisperx_vectors.py   # writes test/data/whisperx-vectors.json

Cases: hand-made edge cases (words on turn boundaries, in gaps, in overlaps, zero-length words,
words without start or end, equal overlaps, equal nearest distances, unsorted and equal-start
turns, empty diarizations) and seeded random ones (times on a 0.25 s grid, so that boundaries and
ties are frequent; RTTM-like 3-decimal times; unrounded times), each with fill_nearest False and True.
"""
import copy
import json
import os
import random

import pandas as pd

from whisperx_diarize import load_diarize_module, wheel_info

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "test", "data", "whisperx-vectors.json")


def turn(start, end, speaker):
    return {"start": start, "end": end, "speaker": speaker}


def word(text, start=None, end=None):
    w = {"word": text}
    if start is not None:
        w["start"] = start
    if end is not None:
        w["end"] = end
    return w


def segment(start, end, words=None, text=None):
    s = {"start": start, "end": end, "text": text if text is not None else " ".join(w["word"] for w in words or [])}
    if words is not None:
        s["words"] = words
    return s


def hand_made():
    A, B, C = "SPEAKER_00", "SPEAKER_01", "SPEAKER_02"
    yield "words on a turn boundary", [turn(0.0, 1.0, A), turn(1.0, 2.0, B)], [
        segment(0.0, 2.0, [word("before", 0.5, 1.0), word("after", 1.0, 1.5), word("straddle", 0.75, 1.25), word("point", 1.0, 1.0), word("mostly-b", 0.9, 1.6)]),
    ]
    yield "words in a gap", [turn(0.0, 1.0, A), turn(3.0, 4.0, B)], [
        segment(1.2, 2.8, [word("gap", 1.5, 2.0), word("middle", 1.75, 2.25), word("late-gap", 2.5, 2.9)]),
        segment(0.2, 3.5, [word("edge", 1.0, 3.0)]),
    ]
    yield "words in an overlap", [turn(0.0, 3.0, A), turn(1.0, 2.0, B), turn(1.5, 4.0, C)], [
        segment(0.0, 4.0, [word("equal", 1.2, 1.4), word("three", 1.6, 1.9), word("long", 0.5, 1.5), word("tail", 2.5, 3.5)]),
    ]
    yield "zero-length words and words without end", [turn(0.0, 2.0, A), turn(2.0, 4.0, B)], [
        segment(0.0, 4.0, [word("zero", 1.0, 1.0), word("no-end", 3.0), word("boundary-zero", 2.0, 2.0), word("ok", 0.1, 0.3)]),
    ]
    yield "words without start", [turn(0.0, 2.0, A), turn(2.0, 4.0, B)], [
        segment(0.0, 1.5, [word("timed", 0.2, 0.5), word("1990"), word("timed", 0.9, 1.2)]),
        segment(2.5, 3.5, [word("42"), word("end", 3.0, 3.4)]),
    ]
    yield "segments without words", [turn(0.0, 2.0, A), turn(1.0, 5.0, B)], [
        segment(0.0, 1.9, text=" mostly A"),
        segment(1.5, 2.5, text=" mostly B"),
        segment(6.0, 7.0, text=" after every turn"),
    ]
    yield "unsorted turns", [turn(5.0, 6.0, B), turn(0.0, 1.0, A), turn(2.5, 3.5, C), turn(1.0, 2.5, B)], [
        segment(0.0, 6.0, [word("w", t, t + 0.5) for t in [0.25, 0.75, 2.25, 3.25, 4.0, 5.75, 6.5]]),
    ]
    yield "equal-start turns keep their given order", [turn(0.0, 2.0, B), turn(0.0, 2.0, A), turn(3.0, 4.0, C)], [
        segment(0.0, 2.0, [word("tie", 0.5, 1.0), word("gap", 2.4, 2.6)]),
    ]
    yield "same speaker summed over turns", [turn(0.0, 0.4, A), turn(0.4, 0.6, B), turn(0.6, 1.0, A)], [
        segment(0.0, 1.0, [word("sum", 0.0, 1.0), word("b", 0.35, 0.65)]),
    ]
    yield "floating-point sums", [turn(0.1, 0.2, A), turn(0.3, 0.4, A), turn(0.5, 0.7, B)], [
        segment(0.1, 0.7, [word("sum", 0.1, 0.7)]),
        segment(0.0, 0.8, [word("wide", 0.0, 0.8)]),
    ]
    yield "equal nearest distances", [turn(0.0, 1.0, A), turn(2.0, 3.0, B)], [
        segment(1.5, 1.5, [word("mid", 1.5, 1.5), word("mid2", 1.25, 1.75)]),
    ]
    yield "zero-length turn", [turn(1.0, 1.0, C), turn(0.0, 2.0, A)], [
        segment(0.5, 1.5, [word("w", 0.9, 1.1)]),
    ]
    yield "empty diarization", [], [segment(0.0, 1.0, [word("alone", 0.2, 0.4)])]


def random_time(rng, style):
    t = rng.uniform(0, 30)
    if style == "grid":
        return round(t * 4) / 4
    if style == "rttm":
        return round(t, 3)
    return t


def random_case(rng, index):
    style = ["grid", "rttm", "float"][index % 3]
    n_speakers = rng.randint(1, 4)
    turns = []
    for _ in range(rng.randint(1, 25)):
        a, b = sorted((random_time(rng, style), random_time(rng, style)))
        if rng.random() < 0.7:
            b = min(b, a + rng.uniform(0.2, 6))
            b = round(b * 4) / 4 if style == "grid" else round(b, 3) if style == "rttm" else b
            b = max(a, b)
        turns.append(turn(a, b, f"SPEAKER_{rng.randrange(n_speakers):02d}"))
    if rng.random() < 0.5:
        turns.sort(key=lambda t: (t["start"], t["end"]))
    segments = []
    for _ in range(rng.randint(1, 6)):
        a, b = sorted((random_time(rng, style), random_time(rng, style)))
        b = min(b, a + 8)
        words = None
        if rng.random() < 0.85:
            words = []
            t = a
            for k in range(rng.randint(0, 12)):
                kind = rng.random()
                length = 0.0 if kind < 0.1 else rng.choice([0.25, 0.5, 0.75]) if style == "grid" else rng.uniform(0.05, 0.9)
                start = t if style != "rttm" else round(t, 3)
                end = start + length if style != "rttm" else round(start + length, 3)
                if kind < 0.05:
                    words.append(word(f"w{k}"))
                elif kind < 0.1:
                    words.append(word(f"w{k}", start))
                else:
                    words.append(word(f"w{k}", start, end))
                t = end + (rng.choice([0, 0, 0.25]) if style == "grid" else rng.uniform(0, 0.3))
        segments.append(segment(a, b, words, text=None if words else " text"))
    return f"random {index} ({style})", turns, segments


def run(module, turns, segments, fill_nearest):
    df = pd.DataFrame(turns, columns=["start", "end", "speaker"])
    result = module.assign_word_speakers(df, {"segments": copy.deepcopy(segments)}, fill_nearest=fill_nearest)
    return {
        "segments": [s.get("speaker") for s in result["segments"]],
        "words": [[w.get("speaker") for w in s["words"]] if "words" in s else None for s in result["segments"]],
    }


def main():
    module = load_diarize_module()
    rng = random.Random(19)
    inputs = list(hand_made()) + [random_case(rng, i) for i in range(240)]
    cases = []
    for name, turns, segments in inputs:
        for fill_nearest in (False, True):
            cases.append({
                "name": name,
                "fillNearest": fill_nearest,
                "diarization": turns,
                "transcript": {"segments": segments},
                "expected": run(module, turns, segments, fill_nearest),
            })
    out = {"generator": "packages/transcript/scripts/gen_whisperx_vectors.py", "reference": wheel_info(), "cases": cases}
    with open(OUT, "w") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")
    words = sum(len(s.get("words") or []) for c in cases for s in c["transcript"]["segments"])
    print(f"{len(cases)} cases, {sum(len(c['transcript']['segments']) for c in cases)} segments, {words} words -> {os.path.relpath(OUT)}")


if __name__ == "__main__":
    main()
