#!/usr/bin/env python3
"""Benchmarks of issue-level targets, printed as Markdown for BENCHMARKS.md.

    python3 scripts/bench.py [--scales 1 10] [--runs 3]

Measures the generator (wall time, rows/s, MB/s written, peak RSS) at each scale, the app's wasm
size (raw, gzip -9, brotli 11) and the bytes a first visit transfers. Needs a built release
generator (`cargo build --release -p cx-generator`) and a built app (`trunk build --release`).
"""
import argparse
import gzip
import json
import os
import pathlib
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
GEN = ROOT / "target" / "release" / "cx-generate"


def tree_bytes(path):
    return sum(p.stat().st_size for p in pathlib.Path(path).rglob("*") if p.is_file())


def run_generator(scale, out):
    """One run in a child process; returns (seconds, peak RSS of that child in MiB)."""
    code = (
        "import resource, subprocess, sys, time, json\n"
        "t = time.perf_counter()\n"
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n"
        "dt = time.perf_counter() - t\n"
        "print(json.dumps([dt, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024]))\n"
    )
    res = subprocess.run([sys.executable, "-c", code, str(GEN), "--scale", str(scale), "--out", str(out)],
                         check=True, capture_output=True, text=True)
    return json.loads(res.stdout)


def bench_generator(scales, runs):
    rows = ["| scale | rows | Parquet + CSV written | wall time (median of runs) | rows/s | MB/s | peak RSS |",
            "|---:|---:|---:|---:|---:|---:|---:|"]
    for scale in scales:
        with tempfile.TemporaryDirectory(dir=ROOT / "target") as tmp:
            out = pathlib.Path(tmp) / "lake"
            results = [run_generator(scale, out) for _ in range(runs)]
            secs = statistics.median(r[0] for r in results)
            rss = max(r[1] for r in results)
            written = tree_bytes(out / "published") + tree_bytes(out / "private")
            n = json.loads((out / "published" / "manifest.json").read_text())["total_rows"]
        rows.append(f"| {scale} | {n:,} | {written / 1e6:,.1f} MB | {secs:.2f} s ({runs} runs) | "
                    f"{n / secs:,.0f} | {written / 1e6 / secs:,.1f} | {rss:,.0f} MiB |")
    return "\n".join(rows)


def bench_wasm():
    dist = ROOT / "dist"
    wasm = next(dist.glob("cx-dashboard-*_bg.wasm"))
    worker = next(dist.glob("vet-worker-*_bg.wasm"))
    classify = next(dist.glob("classify-worker-*_bg.wasm"))
    js = next(p for p in dist.glob("cx-dashboard-*.js"))
    echarts = dist / "echarts.min.js"
    node = ("const z=require('zlib'),fs=require('fs');"
            "for(const f of process.argv.slice(1)){const b=fs.readFileSync(f);"
            "console.log(z.brotliCompressSync(b,{params:{[z.constants.BROTLI_PARAM_QUALITY]:11}}).length)}")
    rows = ["| file | raw | gzip -9 | brotli 11 |", "|---|---:|---:|---:|"]
    files = [wasm, worker, classify, js, echarts, dist / "index.html", *dist.glob("*.css")]
    br = subprocess.run(["node", "-e", node, *map(str, files)], check=True, capture_output=True, text=True).stdout.split()
    for f, b in zip(files, br):
        raw = f.read_bytes()
        name = f.name
        if f == wasm:
            name = "cx-dashboard_bg.wasm"
        elif f == worker:
            name = "vet-worker_bg.wasm (the decoding worker)"
        elif f == classify:
            name = "classify-worker_bg.wasm (the classifying worker)"
        elif f == js:
            name = "cx-dashboard.js"
        elif f.suffix == ".css":
            name = "style.css"
        rows.append(f"| `{name}` | {len(raw) / 1024:,.0f} KiB | {len(gzip.compress(raw, 9)) / 1024:,.0f} KiB | {int(b) / 1024:,.0f} KiB |")
    return "\n".join(rows)


def bench_first_visit():
    res = subprocess.run(["node", str(ROOT / "tests" / "bench" / "first_visit.mjs")], check=True,
                         capture_output=True, text=True, cwd=ROOT)
    return res.stdout.strip()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scales", type=int, nargs="+", default=[1, 10])
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    if not GEN.exists():
        sys.exit("bench.py: build the generator first: cargo build --release -p cx-generator")
    print(f"machine: {os.cpu_count()} cores; {time.strftime('%Y-%m-%d')}\n")
    print("### Generator\n")
    print(bench_generator(args.scales, args.runs))
    print("\n### App size (dist/)\n")
    print(bench_wasm())
    print("\n### First visit\n")
    print(bench_first_visit())


if __name__ == "__main__":
    main()
