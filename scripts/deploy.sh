#!/usr/bin/env bash
# Deploys the built app (dist/) and the published lake (data/lake/published) to the buckets that
# infra/terraform created, then starts the Glue crawler and prints the URLs.
#
#   scripts/deploy.sh [--site-bucket B] [--lake-bucket L] [--endpoint-url URL]
#
# Bucket names default to the Terraform outputs. Credentials come from the usual AWS variables or
# profile. Order keeps the previous deployment serving until the end: data first, the manifest
# after the data, content-hashed assets next, index.html last. `aws s3 sync` skips files that did
# not change since they were uploaded.
set -euo pipefail
cd "$(dirname "$0")/.."

SITE_BUCKET=""; LAKE_BUCKET=""; DIST=dist; DATA=data/lake/published
while [ $# -gt 0 ]; do
  case "$1" in
    --site-bucket) SITE_BUCKET="$2"; shift 2 ;;
    --lake-bucket) LAKE_BUCKET="$2"; shift 2 ;;
    --endpoint-url) export AWS_ENDPOINT_URL="$2"; shift 2 ;;
    --dist) DIST="$2"; shift 2 ;;
    --data) DATA="$2"; shift 2 ;;
    *) echo "usage: scripts/deploy.sh [--site-bucket B] [--lake-bucket L] [--endpoint-url URL] [--dist DIR] [--data DIR]" >&2; exit 2 ;;
  esac
done
fail() { echo "deploy: $*" >&2; exit 2; }

AWS=.venv-awscli/bin/aws
if [ ! -x "$AWS" ]; then
  echo "==> installing the AWS CLI into .venv-awscli"
  python3 -m venv .venv-awscli
  .venv-awscli/bin/python -m pip install --quiet --disable-pip-version-check awscli==1.46.3
fi

tf_output() { terraform -chdir=infra/terraform output -raw "$1" 2>/dev/null || true; }
[ -n "$SITE_BUCKET" ] || SITE_BUCKET=$(tf_output site_bucket)
[ -n "$LAKE_BUCKET" ] || LAKE_BUCKET=$(tf_output lake_bucket)
[ -n "$SITE_BUCKET" ] && [ -n "$LAKE_BUCKET" ] || fail "bucket names unknown: pass --site-bucket and --lake-bucket, or apply infra/terraform first"
[ -f "$DIST/index.html" ] || fail "$DIST/index.html is missing: build the app first (trunk build --release)"
[ -f "$DATA/manifest.json" ] || fail "$DATA/manifest.json is missing: generate the data first (cargo run --release -p cx-generator)"

"$AWS" sts get-caller-identity >/dev/null 2>&1 \
  || fail "no valid AWS credentials (set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY); nothing was changed"
for b in "$SITE_BUCKET" "$LAKE_BUCKET"; do
  "$AWS" s3api head-bucket --bucket "$b" >/dev/null 2>&1 \
    || fail "bucket $b does not exist or is not readable with these credentials; nothing was changed"
done

echo "==> data → s3://$LAKE_BUCKET/data/"
"$AWS" s3 sync "$DATA" "s3://$LAKE_BUCKET/data/" --no-progress --exclude '*' --include '*.parquet' \
  --content-type application/vnd.apache.parquet --cache-control 'public, max-age=3600'
"$AWS" s3 sync "$DATA" "s3://$LAKE_BUCKET/data/" --no-progress --exclude '*' --include '*.csv' \
  --content-type 'text/csv; charset=utf-8' --cache-control 'public, max-age=3600'
"$AWS" s3 cp "$DATA/manifest.json" "s3://$LAKE_BUCKET/data/manifest.json" --no-progress \
  --content-type application/json --cache-control no-cache

echo "==> app → s3://$SITE_BUCKET/"
# Trunk names content-hashed files <name>-<hex>.<ext>, the hash a 64-bit number in hex without
# leading zeros (up to 16 digits, so sometimes 15): match eight digits or more and cache forever.
"$AWS" s3 sync "$DIST" "s3://$SITE_BUCKET/" --no-progress --exclude '*' \
  --include '*-[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]*' \
  --cache-control 'public, max-age=31536000, immutable'
"$AWS" s3 sync "$DIST" "s3://$SITE_BUCKET/" --no-progress --exclude '*' --include 'echarts.min.js' \
  --cache-control 'public, max-age=86400'
"$AWS" s3 cp "$DIST/index.html" "s3://$SITE_BUCKET/index.html" --no-progress \
  --content-type 'text/html; charset=utf-8' --cache-control no-cache

echo "==> Glue crawler"
if ! out=$("$AWS" glue start-crawler --name customer-satisfaction-crawler 2>&1); then
  case "$out" in
    *CrawlerRunningException*) echo "    already running" ;;
    *) echo "deploy: the data is uploaded, but the crawler did not start: $out" >&2 ;;
  esac
fi

website=$(tf_output site_website_url); cdn=$(tf_output site_url)
echo "deployed."
echo "  app (S3 website): ${website:-http://$SITE_BUCKET.s3-website-<region>.amazonaws.com}"
[ -n "$cdn" ] && echo "  app (CloudFront, HTTPS): $cdn"
echo "  data: s3://$LAKE_BUCKET/data/ (served at <app>/data/ through CloudFront)"
