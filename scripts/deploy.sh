#!/usr/bin/env bash
# Deploys the built app (dist/) and the published lake (data/lake/published) to the bucket that
# infra/terraform created (the app at its root, the data under data/), then moves the Glue tables
# to the new data and prints the URLs.
#
#   scripts/deploy.sh [--bucket B] [--endpoint-url URL] [--dist DIR] [--data DIR] [--glue-database D]
#
# Names default to the Terraform outputs. Credentials come from the usual AWS variables or profile.
#
# Versions never mix. Each publication of the data goes to its own folder,
# data/v/<publication>/ (the first 16 hex digits of its manifest's SHA-256), uploaded first and
# cached for good (immutable); then data/manifest.json, never cached, pointing at that folder;
# then the app's content-hashed files (immutable) and index.html (never cached) last. A visitor
# therefore gets either the old manifest with the old files or the new one with the new files, and
# the app checks every file's length and SHA-256 against the manifest anyway. Then the Glue tables
# move to the new folder (Athena reads every object under a table's location, so one folder per
# publication is what keeps it from counting two publications at once). Only after that are old
# publications removed: all but the new one and the one it replaces (which visitors who opened the
# site a moment ago may still be reading). The Glue crawler is never started: partition projection
# makes it unnecessary, and it costs.
#
# Refuses any data folder under or containing private/ (the copy with personal data).
set -euo pipefail
cd "$(dirname "$0")/.."

BUCKET=""; DIST=dist; DATA=data/lake/published; GLUE_DB=""
while [ $# -gt 0 ]; do
  case "$1" in
    --bucket) BUCKET="$2"; shift 2 ;;
    --endpoint-url) export AWS_ENDPOINT_URL="$2"; shift 2 ;;
    --dist) DIST="$2"; shift 2 ;;
    --data) DATA="$2"; shift 2 ;;
    --glue-database) GLUE_DB="$2"; shift 2 ;;
    *) echo "usage: scripts/deploy.sh [--bucket B] [--endpoint-url URL] [--dist DIR] [--data DIR] [--glue-database D]" >&2; exit 2 ;;
  esac
done
fail() { echo "deploy: $*" >&2; exit 2; }

# Never the private copy: not the folder, not anything inside it.
real_data=$(realpath -m "$DATA")
case "$real_data/" in
  */private/*) fail "$DATA is under private/: the copy with personal data is never uploaded; nothing was changed" ;;
esac
[ -d "$DATA" ] && [ -n "$(find "$DATA" -path '*/private*' -print -quit)" ] \
  && fail "$DATA contains a private/ folder: the copy with personal data is never uploaded; nothing was changed"

AWS=.venv-awscli/bin/aws
if [ ! -x "$AWS" ]; then
  echo "==> installing the AWS CLI into .venv-awscli"
  python3 -m venv .venv-awscli
  .venv-awscli/bin/python -m pip install --quiet --disable-pip-version-check awscli==1.46.3
fi

# A Terraform output, or nothing (no state yet, or no such output: terraform then prints warnings).
tf_output() {
  terraform -chdir=infra/terraform output -json 2>/dev/null | python3 -c '
import json, sys
try:
    v = json.load(sys.stdin).get(sys.argv[1], {}).get("value")
except ValueError:
    v = None
print("" if v is None else v)' "$1" 2>/dev/null || true
}
[ -n "$BUCKET" ] || BUCKET=$(tf_output site_bucket)
[ -n "$GLUE_DB" ] || GLUE_DB=$(tf_output glue_database)
[ -n "$BUCKET" ] || fail "bucket name unknown: pass --bucket, or apply infra/terraform first"
[ -f "$DIST/index.html" ] || fail "$DIST/index.html is missing: build the app first (trunk build --release)"
[ -f "$DATA/manifest.json" ] || fail "$DATA/manifest.json is missing: generate the data first (cargo run --release -p cx-generator)"

"$AWS" sts get-caller-identity >/dev/null 2>&1 \
  || fail "no valid AWS credentials (set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY); nothing was changed"
"$AWS" s3api head-bucket --bucket "$BUCKET" >/dev/null 2>&1 \
  || fail "bucket $BUCKET does not exist or is not readable with these credentials; nothing was changed"

PUB=$(sha256sum "$DATA/manifest.json" | cut -c1-16)
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
# The publication the bucket serves now (kept for visitors who are reading it).
PREVIOUS=$("$AWS" s3 cp "s3://$BUCKET/data/manifest.json" - 2>/dev/null \
  | python3 -c 'import json,sys,re; m=json.load(sys.stdin); p=re.match(r"v/([0-9a-f]+)/", m["datasets"][0]["files"][0]["path"]); print(p.group(1) if p else "")' 2>/dev/null || true)

# The manifest as served: every path inside this publication's folder.
python3 - "$DATA/manifest.json" "$STAGE/manifest.json" "v/$PUB/" <<'EOF'
import json, sys
src, dst, prefix = sys.argv[1:]
m = json.load(open(src, encoding="utf-8"))
def move(f):
    f["path"] = prefix + f["path"]
for d in m["datasets"]:
    for f in d["files"]:
        move(f)
    move(d["csv"])
move(m["calendar"])
if m.get("summary"):
    move(m["summary"])
json.dump(m, open(dst, "w", encoding="utf-8"), indent=2, ensure_ascii=False)
EOF

# The app as served, prepared before anything is uploaded: the <meta> policy names the same extra
# data origins as CloudFront's header (Terraform output).
cp -rp "$DIST" "$STAGE/dist"
python3 scripts/csp.py meta "$STAGE/dist/index.html" --connect $(tf_output csp_connect_src)

echo "==> data → s3://$BUCKET/data/v/$PUB/ (publication $PUB)"
"$AWS" s3 sync "$DATA" "s3://$BUCKET/data/v/$PUB/" --no-progress --exclude '*' --include '*.parquet' \
  --content-type application/vnd.apache.parquet --cache-control 'public, max-age=31536000, immutable'
"$AWS" s3 sync "$DATA" "s3://$BUCKET/data/v/$PUB/" --no-progress --exclude '*' --include '*.csv' \
  --content-type 'text/csv; charset=utf-8' --cache-control 'public, max-age=31536000, immutable'
"$AWS" s3 sync "$DATA" "s3://$BUCKET/data/v/$PUB/" --no-progress --exclude '*' --include 'summary.json' \
  --content-type application/json --cache-control 'public, max-age=31536000, immutable'
echo "==> manifest → s3://$BUCKET/data/manifest.json"
"$AWS" s3 cp "$STAGE/manifest.json" "s3://$BUCKET/data/manifest.json" --no-progress \
  --content-type application/json --cache-control no-cache

echo "==> app → s3://$BUCKET/"
# The build wrote a gzip and a brotli copy of each text and wasm file (scripts/trunk_post_build.py).
# S3 cannot choose between them per browser, so the gzip copy goes up under the file's own name
# with Content-Encoding: gzip — every browser accepts gzip, over plain HTTP too (the S3 website
# endpoint compresses nothing), and CloudFront passes an encoded object through as it is. The
# two sets of files are staged apart, each uploaded by the same commands.
mkdir -p "$STAGE/gzip"
(cd "$STAGE/dist" && find . -name '*.gz' -print) | while IFS= read -r gz; do
  f="${gz#./}"; f="${f%.gz}"
  mkdir -p "$STAGE/gzip/$(dirname "$f")"
  mv "$STAGE/dist/$f.gz" "$STAGE/gzip/$f"
  touch -r "$STAGE/dist/$f" "$STAGE/gzip/$f"
  rm "$STAGE/dist/$f"
done
find "$STAGE/dist" -name '*.br' -delete
upload_app() { # upload_app FOLDER [--content-encoding gzip]
  local dir="$1"; shift
  # Trunk and the post-build hook name content-hashed files <name>-<hex>.<ext>, the hash up to 16
  # hex digits (sometimes 15): match eight digits or more and cache forever. wasm-bindgen's
  # snippets/ folder is named after the crate, not the content: revalidated like echarts.min.js.
  "$AWS" s3 sync "$dir" "s3://$BUCKET/" --no-progress --exclude '*' \
    --include '*-[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]*' --exclude 'snippets/*' \
    --cache-control 'public, max-age=31536000, immutable' "$@"
  "$AWS" s3 sync "$dir" "s3://$BUCKET/" --no-progress --exclude '*' --include 'echarts.min.js' \
    --include 'snippets/*' --include 'icon-*.png' --include 'report-builder.js' --cache-control 'no-cache' "$@"
}
upload_app "$STAGE/gzip" --content-encoding gzip
upload_app "$STAGE/dist"
put() { # put FILE CONTENT-TYPE: a never-cached file, gzip-encoded when the build compressed it
  if [ -f "$STAGE/gzip/$1" ]; then
    "$AWS" s3 cp "$STAGE/gzip/$1" "s3://$BUCKET/$1" --no-progress --content-type "$2" --cache-control no-cache --content-encoding gzip
  else
    "$AWS" s3 cp "$STAGE/dist/$1" "s3://$BUCKET/$1" --no-progress --content-type "$2" --cache-control no-cache
  fi
}
put manifest.webmanifest 'application/manifest+json'
# The service worker lists this build's files: it must never be cached (browsers revalidate it
# at most a day later anyway), and it goes up just before the page that registers it.
put sw.js 'text/javascript; charset=utf-8'
put index.html 'text/html; charset=utf-8'

if [ -n "$GLUE_DB" ]; then
  echo "==> Glue tables of $GLUE_DB → data/v/$PUB/"
  for table in $(python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); print(" ".join([d["name"] for d in m["datasets"]] + ["calendario"]))' "$DATA/manifest.json"); do
    if ! "$AWS" glue get-table --database-name "$GLUE_DB" --name "$table" --output json > "$STAGE/table.json" 2>/dev/null; then
      echo "    $table: no such table, skipped"
      continue
    fi
    python3 - "$STAGE/table.json" "$STAGE/input.json" "$PUB" <<'EOF'
import json, re, sys
src, dst, pub = sys.argv[1:]
t = json.load(open(src))["Table"]
keep = ["Name", "Description", "Owner", "Retention", "StorageDescriptor", "PartitionKeys", "TableType", "Parameters"]
table = {k: t[k] for k in keep if k in t}
move = lambda s: re.sub(r"/data/v/[^/]+/", f"/data/v/{pub}/", s)
table["StorageDescriptor"]["Location"] = move(table["StorageDescriptor"]["Location"])
params = table.get("Parameters", {})
if "storage.location.template" in params:
    params["storage.location.template"] = move(params["storage.location.template"])
json.dump(table, open(dst, "w"))
EOF
    "$AWS" glue update-table --database-name "$GLUE_DB" --table-input "file://$STAGE/input.json" >/dev/null
  done
else
  echo "==> Glue: no database named (--glue-database or the Terraform output): tables not moved"
fi

echo "==> old publications"
for old in $("$AWS" s3api list-objects-v2 --bucket "$BUCKET" --prefix data/v/ --delimiter / \
    --query 'CommonPrefixes[].Prefix' --output text 2>/dev/null | tr '\t' '\n' | grep -v '^None$' || true); do
  id=$(basename "$old")
  if [ "$id" = "$PUB" ] || [ "$id" = "$PREVIOUS" ]; then continue; fi
  echo "    removing $old"
  "$AWS" s3 rm "s3://$BUCKET/$old" --recursive --only-show-errors
done

website=$(tf_output site_website_url); cdn=$(tf_output site_url)
echo "deployed publication $PUB."
[ -n "$cdn" ] && echo "  app (CloudFront, HTTPS): $cdn"
[ -n "$website" ] && echo "  app (S3 website, HTTP): $website"
echo "  data: s3://$BUCKET/data/manifest.json → data/v/$PUB/"
