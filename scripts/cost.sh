#!/usr/bin/env bash
# Month-to-date AWS cost against the monthly budget (Cost Explorer).
#   scripts/cost.sh [--budget-usd 1]
set -euo pipefail
cd "$(dirname "$0")/.."
BUDGET=1
[ "${1:-}" = "--budget-usd" ] && BUDGET="$2"
AWS=.venv-awscli/bin/aws
if [ ! -x "$AWS" ]; then
  python3 -m venv .venv-awscli
  .venv-awscli/bin/python -m pip install --quiet --disable-pip-version-check awscli==1.46.3
fi
if ! "$AWS" sts get-caller-identity >/dev/null 2>&1; then
  echo "cost: no valid AWS credentials (set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)" >&2
  exit 2
fi
start=$(date -u +%Y-%m-01); end=$(date -u -d tomorrow +%Y-%m-%d)
[ "$start" = "$end" ] && end=$(date -u -d "$start +1 day" +%Y-%m-%d)
amount=$("$AWS" ce get-cost-and-usage --region us-east-1 --time-period "Start=$start,End=$end" \
  --granularity MONTHLY --metrics UnblendedCost \
  --query 'ResultsByTime[0].Total.UnblendedCost.Amount' --output text)
python3 - "$amount" "$BUDGET" <<'PY'
import sys
spent, budget = float(sys.argv[1]), float(sys.argv[2])
print(f"month to date: USD {spent:.2f} of USD {budget:.2f} ({spent / budget * 100:.0f} % of the budget)")
PY
