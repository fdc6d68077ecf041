"""Reference DER values from pyannote.metrics for @dia/rttm's tests.
Run: python3 packages/rttm/scripts/gen_der_vectors.py  (pyannote.metrics + pyannote.core from PyPI).
Hypotheses are written as RTTM text so the test reads them with parseRttm."""
import json, pathlib, warnings
import numpy as np
import pyannote.metrics
from pyannote.core import Annotation, Segment, Timeline
from pyannote.metrics.diarization import DiarizationErrorRate, JaccardErrorRate

warnings.filterwarnings("ignore")
root = pathlib.Path(__file__).resolve().parents[3]
fixtures = root.parent / "shared" / "fixtures" / "pyannote-parity"

def load(text):
    ann = Annotation(uri="f")
    for i, line in enumerate(text.strip().splitlines()):
        f = line.split()
        ann[Segment(float(f[3]), float(f[3]) + float(f[4])), i] = f[7]
    return ann

def rttm(ann):
    return "".join(f"SPEAKER f 1 {s.start!r} {s.duration!r} <NA> <NA> {l} <NA> <NA>\n" for s, _, l in ann.itertracks(yield_label=True))

rng = np.random.default_rng(7)
def perturb(ann, jitter, drop, relabel, extra):
    out = Annotation(uri="f"); labels = sorted(ann.labels()); k = 0
    for s, _, l in ann.itertracks(yield_label=True):
        if rng.random() < drop: continue
        a = s.start + rng.normal(0, jitter); b = s.end + rng.normal(0, jitter)
        if b - a < 0.01: continue
        lab = labels[rng.integers(len(labels))] if rng.random() < relabel else l
        out[Segment(max(0.0, a), b), k] = "h_" + lab; k += 1
    for _ in range(extra):
        a = float(rng.uniform(0, 60)); out[Segment(a, a + float(rng.uniform(0.2, 3))), k] = f"h_extra{rng.integers(3)}"; k += 1
    return out

cases = []
def add(name, ref_text, hyp_text, collar, skip, uem=None):
    ref, hyp = load(ref_text), load(hyp_text) if hyp_text.strip() else Annotation(uri="f")
    metric = DiarizationErrorRate(collar=collar, skip_overlap=skip)
    u = Timeline([Segment(a, b) for a, b in uem]) if uem else None
    d = metric(ref, hyp, uem=u, detailed=True)
    jer = JaccardErrorRate(collar=collar, skip_overlap=skip)(ref, hyp, uem=u)
    cases.append({"name": name, "ref": ref_text, "hyp": hyp_text, "collar": collar, "skipOverlap": skip, "uem": uem,
                  "der": d["diarization error rate"], "missed": d["missed detection"], "falseAlarm": d["false alarm"],
                  "confusion": d["confusion"], "total": d["total"], "correct": d["correct"], "jer": jer})

for fx in ["02_pyannote_sample", "03_dual_speaker", "04_three_speaker", "05_four_speaker", "07_yuhewei_dongbei_english", "10_mrbeast_clean_water"]:
    text = (fixtures / fx / "reference.rttm").read_text()
    ref = load(text)
    for collar, skip in [(0.0, False), (0.5, False), (0.0, True), (0.25, True)]:
        add(f"{fx} self", text, text, collar, skip)
        shifted = Annotation(uri="f")
        for i, (s, _, l) in enumerate(ref.itertracks(yield_label=True)):
            shifted[Segment(s.start + 0.1, s.end + 0.1), i] = "x" + l
        add(f"{fx} shifted 0.1s relabelled", text, rttm(shifted), collar, skip)
        for j in range(3):
            add(f"{fx} perturbed {j}", text, rttm(perturb(ref, 0.2, 0.1, 0.15, 3)), collar, skip)
    add(f"{fx} empty hypothesis", text, "", 0.0, False)
    add(f"{fx} with uem", text, rttm(perturb(ref, 0.1, 0.05, 0.1, 1)), 0.0, False, [[1.0, 12.5], [15.0, 40.0]])

for j in range(60):
    ref = Annotation(uri="f"); hyp = Annotation(uri="f")
    for k in range(int(rng.integers(1, 25))):
        a = float(rng.uniform(0, 50)); ref[Segment(a, a + float(rng.uniform(0.1, 6))), k] = f"r{rng.integers(1, 5)}"
    for k in range(int(rng.integers(0, 25))):
        a = float(rng.uniform(0, 50)); hyp[Segment(a, a + float(rng.uniform(0.1, 6))), k] = f"h{rng.integers(1, 6)}"
    collar = float(rng.choice([0.0, 0.0, 0.25, 0.5])); skip = bool(rng.integers(2))
    add(f"random {j}", rttm(ref), rttm(hyp), collar, skip)

out = {"pyannote.metrics": pyannote.metrics.__version__, "cases": cases}
path = pathlib.Path(__file__).resolve().parent.parent / "test" / "data" / "der-pyannote.json"
path.write_text(json.dumps(out))
print(f"{len(cases)} cases -> {path} ({path.stat().st_size} bytes)")
