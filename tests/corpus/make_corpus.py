#!/usr/bin/env python3
"""Derives broken and hostile variants of one file of the generated lake, for the browser run in
tests/e2e/corpus.test.mjs (and anyone who wants to throw them at the app by hand).

    .venv/bin/python tests/corpus/make_corpus.py data/lake/published target/corpus

Each variant replaces one Parquet file of one dataset. Unless a variant is about the manifest
itself, the manifest entry is rewritten to match the variant (length, SHA-256, rows), as a
publisher of bad files would: so the decoder, not the manifest check, is what meets the bytes.

Writes <out>/<name>.bin for each variant and <out>/index.json:
  {"variants": [{"name", "dataset", "path", "expect", "match", "entry", "manifest", "marker",
                 "page"}]}
  expect: "error" (the dataset is named with a reason matching `match`, every other dataset loads),
          "load" (loads; `marker`, if any, is shown as text and runs nothing),
          "same" (loads with the same figures as the unchanged file),
          "survive" (either of the above, but never a crash or a hang).
  entry: the manifest entry for the file (null: keep the manifest's).
  manifest: a change to the dataset's manifest entry ({"rows": n} or {"path": p} ...), or null.
"""
import gzip
import hashlib
import io
import json
import shutil
import sys
import zipfile
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv
import pyarrow.parquet as pq

# A string that would run script if the app ever put it into the page as HTML.
XSS = [
    '<img src=x onerror="window.__corpus_pwned=1">',
    '<script>window.__corpus_pwned=2</script>',
    '"><svg onload=window.__corpus_pwned=3>',
    "javascript:window.__corpus_pwned=4",
    "{{7*7}} ${window.__corpus_pwned=5}",
]
# Cells a spreadsheet would run as formulas (each with a word the explorer's search finds).
FORMULAS = ['=HYPERLINK("http://example.invalid","corpusf")', "+1+1 corpusf", "-2+3 corpusf", "@SUM(A1:A2) corpusf",
            "\t=1 corpusf", "\r=1 corpusf"]
UNICODE = [
    "\u202eRTL override\u202c",
    "familia 👨\u200d👩\u200d👧\u200d👦 ZWJ",
    "NUL\u0000inside",
    "e\u0301\u0301\u0301 combining Z\u0336\u0337\u0338",
    "\ufeffBOM and \u200bzero width",
    "\U0001F600 astral \U00010348",
]

# Which file of which dataset each family of variants replaces, and the page that shows it.
TARGETS = {
    "resenas_online": {"page": "resenas", "text": ["titulo", "texto"], "time": "fecha", "score": "estrellas",
                       "code": "sucursal", "id": "resena_id"},
    "tickets_soporte": {"page": "tickets", "text": [], "time": "creado", "score": None, "code": "categoria",
                        "id": "ticket_id", "hours": "sla_horas"},
    "libro_reclamaciones": {"page": "reclamaciones", "text": ["detalle", "pedido", "descripcion_bien", "codigo"],
                            "time": "fecha", "score": None, "code": "tipo", "id": "reclamo_id", "date": "fecha_limite"},
    "mensajes_whatsapp": {"page": "resumen", "text": ["texto"], "time": "inicio", "score": None, "code": "motivo",
                          "id": "conversacion_id", "seconds": "primera_respuesta_seg"},
    "clientes": {"page": "clientes", "text": ["distrito"], "time": None, "score": None, "code": "segmento",
                 "id": "cliente_id", "date": "fecha_alta"},
}

NOT_PARQUET = r"no es un archivo Parquet legible"
MISMATCH = r"no corresponde al manifiesto"


class Corpus:
    def __init__(self, src: Path, out: Path):
        self.src, self.out = src, out
        self.manifest = json.loads((src / "manifest.json").read_text(encoding="utf-8"))
        self.variants = []

    def entry(self, dataset):
        d = next(d for d in self.manifest["datasets"] if d["name"] == dataset)
        return d, d["files"][0]

    def original(self, dataset) -> bytes:
        return (self.src / self.entry(dataset)[1]["path"]).read_bytes()

    def table(self, dataset) -> pa.Table:
        return pq.read_table(io.BytesIO(self.original(dataset)))

    def add(self, name, dataset, data: bytes, expect, match=None, marker=None, refresh=True, manifest=None, search=None):
        assert not any(v["name"] == name for v in self.variants), name
        _, f = self.entry(dataset)
        entry = None
        if refresh:
            entry = {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest(), "rows": f["rows"]}
            try:
                entry["rows"] = pq.ParquetFile(io.BytesIO(data)).metadata.num_rows
            except Exception:
                pass
        (self.out / f"{name}.bin").write_bytes(data)
        self.variants.append({"name": name, "dataset": dataset, "path": f["path"], "expect": expect,
                              "match": match, "entry": entry, "manifest": manifest, "marker": marker, "search": search,
                              "page": TARGETS.get(dataset, {}).get("page", "resumen")})

    def write(self, dataset, table: pa.Table, **kw) -> bytes:
        buf = io.BytesIO()
        pq.write_table(table, buf, **({"compression": "snappy"} | kw))
        return buf.getvalue()


def replace(table: pa.Table, column: str, values, type_=None) -> pa.Table:
    i = table.schema.get_field_index(column)
    field = table.schema.field(i)
    arr = pa.array(values, type=type_ or field.type)
    return table.set_column(i, pa.field(column, arr.type, True), arr)


def first_row(table: pa.Table, column: str, value, type_=None) -> pa.Table:
    values = table.column(column).to_pylist()
    values[0] = value
    return replace(table, column, values, type_)


def bytes_family(c: Corpus, ds: str):
    raw = c.original(ds)
    n = len(raw)
    footer = int.from_bytes(raw[-8:-4], "little")
    short = ds.split("_")[0]
    c.add(f"{short}-truncated-half", ds, raw[: n // 2], "error", NOT_PARQUET)
    c.add(f"{short}-truncated-last-byte", ds, raw[:-1], "error", NOT_PARQUET + r".*PAR1")
    c.add(f"{short}-eight-bytes", ds, raw[:8], "error", NOT_PARQUET + r".*mínimo 12")
    c.add(f"{short}-empty", ds, b"", "error", NOT_PARQUET)
    c.add(f"{short}-garbage", ds, bytes((i * 131 + 7) % 256 for i in range(n)), "error", NOT_PARQUET)
    c.add(f"{short}-footer-ffffffff", ds, raw[:-8] + b"\xff\xff\xff\xff" + b"PAR1", "error", NOT_PARQUET + r".*4294967295")
    c.add(f"{short}-footer-len-of-file", ds, raw[:-8] + (n - 4).to_bytes(4, "little") + b"PAR1", "error", NOT_PARQUET)
    c.add(f"{short}-footer-zero", ds, raw[:-8] + b"\0\0\0\0PAR1", "error", NOT_PARQUET)
    c.add(f"{short}-footer-garbage", ds, raw[: n - 8 - footer] + bytes(footer) + raw[-8:], "error", NOT_PARQUET)
    # Flipped bytes inside the data pages (between the header magic and the footer): decoders
    # must fail or read other values, never crash.
    body = n - 8 - footer
    for k, at in enumerate((body // 5, body // 2, body - 40)):
        b = bytearray(raw)
        for j in range(at, min(at + 24, body)):
            b[j] ^= 0x5A
        c.add(f"{short}-flipped-pages-{k}", ds, bytes(b), "survive")
    c.add(f"{short}-gzip-renamed", ds, gzip.compress(raw), "error", NOT_PARQUET + r".*PAR1")
    z = io.BytesIO()
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("part.parquet", raw)
    c.add(f"{short}-zip-renamed", ds, z.getvalue(), "error", NOT_PARQUET + r".*PAR1")
    csv = io.BytesIO()
    pcsv.write_csv(c.table(ds), csv)
    c.add(f"{short}-csv-renamed", ds, csv.getvalue(), "error", NOT_PARQUET + r".*PAR1")
    c.add(f"{short}-html-fallback", ds, b"<!doctype html><html><body>index</body></html>", "error", NOT_PARQUET)


def schema_family(c: Corpus, ds: str):
    t = c.table(ds)
    spec = TARGETS[ds]
    short = ds.split("_")[0]
    code, ident = spec["code"], spec["id"]
    c.add(f"{short}-dropped-{code}", ds, c.write(ds, t.drop_columns([code])), "error", rf"no tiene la columna «{code}»")
    c.add(f"{short}-renamed-{code}", ds, c.write(ds, t.rename_columns([f"{n}_x" if n == code else n for n in t.column_names])),
          "error", rf"no tiene la columna «{code}»")
    c.add(f"{short}-retyped-{ident}-string", ds, c.write(ds, replace(t, ident, [str(v) for v in t.column(ident).to_pylist()], pa.string())),
          "error", rf"la columna «{ident}» es Utf8, se esperaba Int")
    c.add(f"{short}-zero-rows", ds, c.write(ds, t.slice(0, 0)), "load")
    extra = t.append_column("columna_extra", pa.array(["x"] * t.num_rows)).append_column("otra", pa.array(range(t.num_rows)))
    c.add(f"{short}-extra-columns", ds, c.write(ds, extra), "same")
    c.add(f"{short}-reordered-columns", ds, c.write(ds, t.select(list(reversed(t.column_names)))), "same")
    c.add(f"{short}-all-null-{code}", ds, c.write(ds, replace(t, code, [None] * t.num_rows)), "error", rf"«{code}».*nulos")
    c.add(f"{short}-duplicate-{ident}", ds, c.write(ds, first_row(t, ident, t.column(ident)[1].as_py())),
          "error" if ds == "clientes" else "survive", r"repite el cliente" if ds == "clientes" else None)
    if spec["time"]:
        tcol = spec["time"]
        iso = [None if v is None else v.isoformat(sep=" ") for v in t.column(tcol).to_pylist()]
        c.add(f"{short}-{tcol}-as-string", ds, c.write(ds, replace(t, tcol, iso, pa.string())), "error", rf"«{tcol}» es Utf8, se esperaba Timestamp")
        for unit in ("us", "ns", "s"):
            c.add(f"{short}-{tcol}-{unit}", ds, c.write(ds, replace(t, tcol, t.column(tcol).cast(pa.timestamp(unit)).to_pylist(), pa.timestamp(unit)),
                                                        coerce_timestamps=None if unit != "s" else "ms", allow_truncated_timestamps=True),
                  "same")
        for year, label in ((1900, "1900"), (1970, "1970"), (2200, "2200")):
            v = t.column(tcol)[0].as_py().replace(year=year)
            c.add(f"{short}-{tcol}-year-{year}", ds, c.write(ds, first_row(t, tcol, v)), "error", rf"«{tcol}», fila 1, tiene {label}-")
        # Plausible, but after the manifest's period.
        v = t.column(tcol)[0].as_py().replace(year=2099)
        c.add(f"{short}-{tcol}-after-the-period", ds, c.write(ds, first_row(t, tcol, v)), "error",
              rf"«{tcol}», fila 1, tiene 2099-.*, fuera del período del manifiesto \(\d{{4}}-\d\d-\d\d a \d{{4}}-\d\d-\d\d\)")
        # The year 500,000 (and i64::MAX ms): never a grid of months, an error.
        for label, far in (("500000", 15_715_000_000_000_000), ("i64-max", 2**63 - 1)):
            ms = pc.cast(t.column(tcol), pa.int64()).to_pylist()
            ms[0] = far
            arr = pa.array(ms, pa.int64()).cast(pa.timestamp("ms"))
            i = t.schema.get_field_index(tcol)
            c.add(f"{short}-{tcol}-year-{label}", ds, c.write(ds, t.set_column(i, pa.field(tcol, arr.type, True), arr)),
                  "error", rf"«{tcol}», fila 1, tiene el año \d+")
    if spec.get("date"):
        dcol = spec["date"]
        v = t.column(dcol)[0].as_py().replace(year=1900)
        c.add(f"{short}-{dcol}-year-1900", ds, c.write(ds, first_row(t, dcol, v)), "error", rf"«{dcol}», fila 1, tiene 1900-")
    if spec["score"]:
        s = spec["score"]
        for v in (0, 6, -1, 2**31 - 1, -(2**31)):
            c.add(f"{short}-{s}-{v}", ds, c.write(ds, first_row(t, s, v)), "error", rf"«{s}», fila 1, tiene {v}, fuera de 1–5")
        # Whole floats are accepted in an integer column (pandas writes one with nulls so); NaN
        # and infinities are not whole numbers.
        floats = [None if x is None else float(x) for x in t.column(s).to_pylist()]
        c.add(f"{short}-{s}-float-whole", ds, c.write(ds, replace(t, s, floats, pa.float64())), "same")
        c.add(f"{short}-{s}-float-nan", ds, c.write(ds, replace(t, s, [float("nan")] + floats[1:], pa.float64())),
              "error", rf"«{s}», fila 1, tiene NaN, que no es un número entero")
        c.add(f"{short}-{s}-float-inf", ds, c.write(ds, replace(t, s, [float("inf"), float("-inf")] + floats[2:], pa.float64())),
              "error", rf"«{s}», fila 1, tiene inf, que no es un número entero")
    for key in ("hours", "seconds"):
        if spec.get(key):
            col = spec[key]
            c.add(f"{short}-{col}-negative", ds, c.write(ds, first_row(t, col, -5)), "error", rf"«{col}», fila 1, tiene -5, fuera de 0–")
            c.add(f"{short}-{col}-i32-max", ds, c.write(ds, first_row(t, col, 2**31 - 1)), "error", rf"«{col}», fila 1, tiene 2147483647")
    c.add(f"{short}-{ident}-extremes", ds, c.write(ds, first_row(t, ident, (2**63 - 1) if t.schema.field(ident).type == pa.int64() else 2**31 - 1)), "survive")
    if ds != "clientes" and "cliente_id" in t.column_names:
        c.add(f"{short}-cliente_id-i32-min", ds, c.write(ds, first_row(t, "cliente_id", -(2**31))), "error", r"«cliente_id».*i32::MIN")
    # Every text column at once: row k holds string k of the family, in each text column.
    for family, strings in (("xss", XSS), ("formulas", FORMULAS), ("unicode", UNICODE)):
        if not spec["text"]:
            break
        h = t
        for col in spec["text"]:
            values = h.column(col).to_pylist()
            values[: len(strings)] = strings
            h = replace(h, col, values)
        markers = [s for s in strings if family == "xss" or s.startswith(("=", "+", "-", "@"))]
        c.add(f"{short}-{family}-in-every-text", ds, c.write(ds, h), "load", marker=markers or None,
              search={"xss": "corpus_pwned", "formulas": "corpusf"}.get(family))
    for col in spec["text"]:
        c.add(f"{short}-1mib-{col}", ds, c.write(ds, first_row(t, col, "a" * (1 << 20))), "error",
              rf"1[.,]048[.,]576 bytes en un texto \(columna «{col}», fila 1\) supera el límite de 16[.,]384")
    # A category that is itself hostile: it reaches filters, legends and chart labels.
    c.add(f"{short}-xss-{code}", ds, c.write(ds, first_row(t, code, XSS[0])), "survive")


def codec_family(c: Corpus, ds: str):
    t = c.table(ds)
    short = ds.split("_")[0]
    same = {"uncompressed": {"compression": "none"},
            "no-dictionary": {"use_dictionary": False},
            "data-page-v2": {"data_page_version": "2.0"},
            "small-row-groups": {"row_group_size": 50},
            "small-pages": {"data_page_size": 512},
            "plain-ints": {"use_dictionary": False, "column_encoding": {c_: "PLAIN" for c_ in t.column_names if pa.types.is_integer(t.schema.field(c_).type)}},
            "delta-ints": {"use_dictionary": False, "column_encoding": {c_: "DELTA_BINARY_PACKED" for c_ in t.column_names if pa.types.is_integer(t.schema.field(c_).type)}},
            "no-statistics": {"write_statistics": False},
            "parquet-1.0": {"version": "1.0"}}
    for name, kw in same.items():
        c.add(f"{short}-{name}", ds, c.write(ds, t, **kw), "same")
    # Every codec the usual tools write (LZ4 is LZ4_RAW in pyarrow); BROTLI is refused, named,
    # with how to rewrite the file (its decoder would add 1 MB to the app).
    for codec in ("gzip", "zstd", "lz4"):
        c.add(f"{short}-codec-{codec}", ds, c.write(ds, t, compression=codec), "same")
    c.add(f"{short}-codec-brotli", ds, c.write(ds, t, compression="brotli"), "error",
          NOT_PARQUET + r".*está comprimido con BROTLI, que esta aplicación no lee.*compression='zstd'")
    # The other layouts of the same values: large and dictionary strings, narrower and wider
    # integers, zoned timestamps (an instant: shown in Lima time, so these are "load").
    strings = pa.schema([pa.field(f.name, pa.large_string() if f.type == pa.string() else f.type) for f in t.schema])
    c.add(f"{short}-large-strings", ds, c.write(ds, t.cast(strings)), "same")
    dict_cols = [f.name for f in t.schema if f.type == pa.string()]
    c.add(f"{short}-dictionary-strings", ds, c.write(ds, t.cast(pa.schema(
        [pa.field(f.name, pa.dictionary(pa.int32(), pa.string()) if f.name in dict_cols else f.type) for f in t.schema]))), "same")


def manifest_family(c: Corpus, ds: str):
    raw = c.original(ds)
    d, f = c.entry(ds)
    short = ds.split("_")[0]
    other = (c.src / d["files"][1]["path"]).read_bytes()
    # Files of another publication under this manifest: named, by length or by digest.
    c.add(f"{short}-stale-file", ds, other, "error", MISMATCH + r".*tamaño de \d+, el servidor anuncia \d+", refresh=False)
    same_len = bytearray(raw)
    same_len[len(raw) // 2] ^= 1
    c.add(f"{short}-stale-same-length", ds, bytes(same_len), "error", MISMATCH + r".*SHA-256", refresh=False)
    c.add(f"{short}-manifest-rows-off", ds, raw, "error", MISMATCH + r".*filas",
          refresh=False, manifest={"file_rows": f["rows"] + 1})
    c.add(f"{short}-manifest-path-escape", ds, raw, "error", r"manifest.json no es válido: la ruta \"\.\./\.\./\.\./etc/passwd\" de \w+ no es una ruta relativa dentro del lago",
          refresh=False, manifest={"path": "../../../etc/passwd"})
    c.add(f"{short}-manifest-rows-over-cap", ds, raw, "error", r"filas en un conjunto de datos supera el límite",
          refresh=False, manifest={"rows": 10**12})
    c.add(f"{short}-manifest-bytes-over-cap", ds, raw, "error", r"bytes en un archivo supera el límite",
          refresh=False, manifest={"bytes": 10**12})


def fixture_family(c: Corpus):
    """Files the native fuzz target found to make the `parquet` crate panic (kept in
    tests/corpus/fixtures): in the browser the decoding worker dies on them, never the page."""
    here = Path(__file__).resolve().parent / "fixtures"
    c.add("encuestas-decoder-panic", "encuestas_post_atencion", (here / "encuestas-decoder-panic.parquet").read_bytes(),
          "error", r"hizo fallar al decodificador Parquet.*offset \+ len out of bounds")


def main(src: Path, out: Path):
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    c = Corpus(src, out)
    for ds in ("resenas_online", "clientes"):
        bytes_family(c, ds)
    for ds in TARGETS:
        schema_family(c, ds)
    codec_family(c, "libro_reclamaciones")
    manifest_family(c, "resenas_online")
    manifest_family(c, "tickets_soporte")
    fixture_family(c)
    (out / "index.json").write_text(json.dumps({"variants": c.variants}, indent=1, ensure_ascii=False), encoding="utf-8")
    kinds = {}
    for v in c.variants:
        kinds[v["expect"]] = kinds.get(v["expect"], 0) + 1
    print(f"{len(c.variants)} variants in {out}: {kinds}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
