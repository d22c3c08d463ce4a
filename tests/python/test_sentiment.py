"""The sentiment model measured on the generator's texts (labels from the rows' own ratings), and
the `classify` command's line-by-line contract. The figures are printed and recorded in
BENCHMARKS.md; the assertions are floors, not targets."""
import json
import subprocess
from pathlib import Path

import pyarrow.parquet as pq
import pytest

ROOT = Path(__file__).resolve().parents[2]
CLASSIFY = ROOT / "target" / "release" / "classify"


def tone_of_five(score):
    return "pos" if score >= 4 else ("neu" if score == 3 else "neg")


def generator_texts(published: Path):
    """(gold, source, text): reviews by their stars, survey comments by their CSAT, complaint-book
    details are all complaints. WhatsApp texts carry no rating, so they are left out."""
    manifest = json.loads((published / "manifest.json").read_text(encoding="utf-8"))
    files = {d["name"]: [f["path"] for f in d["files"]] for d in manifest["datasets"]}
    for path in files["resenas_online"]:
        t = pq.read_table(published / path, columns=["estrellas", "titulo", "texto"]).to_pydict()
        for stars, title, text in zip(t["estrellas"], t["titulo"], t["texto"]):
            yield tone_of_five(stars), "review", f"{title.strip()}. {text.strip()}"
    for path in files["encuestas_post_atencion"]:
        t = pq.read_table(published / path, columns=["csat", "comentario"]).to_pydict()
        for csat, comment in zip(t["csat"], t["comentario"]):
            if csat is not None and comment and comment.strip():
                yield tone_of_five(csat), "survey", comment.strip()
    for path in files["libro_reclamaciones"]:
        t = pq.read_table(published / path, columns=["detalle"]).to_pydict()
        for detail in t["detalle"]:
            yield "neg", "complaint", detail.strip()


def run_classify(lines: str):
    assert CLASSIFY.exists(), "scripts/test.sh builds target/release/classify first"
    return subprocess.run([str(CLASSIFY)], input=lines, capture_output=True, text=True, timeout=600)


def macro_f1(pairs):
    scores = {}
    for c in ("neg", "neu", "pos"):
        tp = sum(1 for g, p in pairs if g == c and p == c)
        fp = sum(1 for g, p in pairs if g != c and p == c)
        fn = sum(1 for g, p in pairs if g == c and p != c)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        scores[c] = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return sum(scores.values()) / 3, scores


def test_on_the_generators_texts(lake):
    rows = list(generator_texts(lake / "published"))
    lines = "".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for _, _, t in rows)
    res = run_classify(lines)
    assert res.returncode == 0, res.stderr
    labels = [json.loads(l)["label"] for l in res.stdout.splitlines()]
    assert len(labels) == len(rows)
    pairs = [(g, p) for (g, _, _), p in zip(rows, labels)]
    overall, per_class = macro_f1(pairs)
    print(f"\ngenerator texts: {len(rows)}, macro-F1 {overall:.3f}, " + ", ".join(f"{c} F1 {f:.3f}" for c, f in per_class.items()))
    for source in ("review", "survey", "complaint"):
        sub = [(g, p) for (g, s, _), p in zip(rows, labels) if s == source]
        acc = sum(g == p for g, p in sub) / len(sub)
        print(f"  {source}: {len(sub)} texts, accuracy {acc:.3f}")
    assert overall >= 0.60, per_class


def test_classify_passes_every_line_through_in_order():
    lines = [
        '{"id": 1, "text": "pésimo servicio, nunca más"}',
        "esto no es JSON",
        '{"id": 3}',
        '[1, 2]',
        '{"id": 5, "text": 7}',
        '{"text": "muchas gracias, muy amable", "id": 6}',
        "",
    ]
    res = run_classify("\n".join(lines) + "\n")
    assert res.returncode == 0
    out = [json.loads(l) for l in res.stdout.splitlines()]
    assert len(out) == len(lines)
    assert out[0]["id"] == 1 and out[0]["label"] == "neg" and -1 <= out[0]["score"] < 0
    assert list(out[0].keys()) == ["id", "text", "label", "score"], "fields keep their order"
    assert out[1] == {"line": "esto no es JSON", "label": None, "score": None}
    assert out[2] == {"id": 3, "label": None, "score": None}
    assert out[3]["label"] is None and out[4]["label"] is None
    assert out[5]["label"] == "pos" and out[5]["id"] == 6
    assert out[6]["label"] is None
    errs = res.stderr.splitlines()
    assert any("line 2: not valid JSON" in e for e in errs)
    assert any('line 3: the object has no "text" field' in e for e in errs)
    assert any("line 4: expected a JSON object" in e for e in errs)
    assert any('line 5: the object has a "text" that is a number' in e for e in errs)
    assert "5 bad line(s)" in errs[-1]
