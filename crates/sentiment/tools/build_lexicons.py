#!/usr/bin/env python3
"""Rebuilds data/senticon_es.tsv and data/afinn_es.tsv from the lists that ship in the npm package
`natural` (MIT): the Spanish ML-SentiCon lexicon and the Spanish AFINN list.

    python3 crates/sentiment/tools/build_lexicons.py [path/to/natural/package]

Without a path it runs `npm pack natural@8.1.1` in a temporary folder. The output keeps the lemma
or term and its polarity, one per line, sorted, so a rebuild shows as a readable diff.
"""
import json
import pathlib
import subprocess
import sys
import tarfile
import tempfile

VERSION = "8.1.1"
OUT = pathlib.Path(__file__).resolve().parents[1] / "data"


def package_dir(tmp: pathlib.Path) -> pathlib.Path:
    subprocess.run(["npm", "pack", f"natural@{VERSION}", "--silent"], cwd=tmp, check=True, stdout=subprocess.DEVNULL)
    with tarfile.open(next(tmp.glob("natural-*.tgz"))) as tar:
        tar.extractall(tmp, filter="data")
    return tmp / "package"


def main() -> None:
    with tempfile.TemporaryDirectory() as t:
        pkg = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else package_dir(pathlib.Path(t))
        spanish = pkg / "lib/natural/sentiment/Spanish"
        senticon = json.loads((spanish / "senticon_es.json").read_text(encoding="utf-8"))
        afinn = json.loads((spanish / "afinnShortSortedSpanish.json").read_text(encoding="utf-8"))
    rows = sorted((w.strip().lower(), float(v["pol"]), v["pos"]) for w, v in senticon.items() if w.strip())
    with open(OUT / "senticon_es.tsv", "w", encoding="utf-8") as f:
        f.write(f"# ML-SentiCon (Spanish), from npm natural@{VERSION}: lemma<TAB>polarity in [-1, 1]<TAB>part of speech (a, r, n, v)\n")
        for w, p, pos in rows:
            if abs(p) >= 0.05:
                f.write(f"{w}\t{p:.3f}\t{pos}\n")
    with open(OUT / "afinn_es.tsv", "w", encoding="utf-8") as f:
        f.write(f"# AFINN (Spanish short list), from npm natural@{VERSION}: term<TAB>score in [-5, 5]\n")
        for w, p in sorted((w.strip().lower(), int(v)) for w, v in afinn.items() if w.strip()):
            f.write(f"{w}\t{p}\n")


if __name__ == "__main__":
    main()
