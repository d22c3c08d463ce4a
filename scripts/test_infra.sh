#!/usr/bin/env bash
# Terraform checks that need no cloud: formatting, validation with the provider from the local
# mirror (no registry access), and plan-level assertions with a mocked provider.
set -euo pipefail
cd "$(dirname "$0")/../infra/terraform"
if ! command -v terraform >/dev/null 2>&1 || [ ! -d /opt/tf-plugins ]; then
  echo "test_infra: needs terraform (1.11, /usr/local/bin) and the AWS provider mirror in /opt/tf-plugins" >&2
  exit 1
fi
export TF_CLI_CONFIG_FILE=/dev/null TF_IN_AUTOMATION=1 TF_INPUT=0
# Every command runs under a timeout: a provider can retry silently for minutes.
timeout 60 terraform fmt -check -recursive -diff
timeout 300 terraform init -backend=false -input=false -plugin-dir=/opt/tf-plugins >/dev/null
timeout 120 terraform validate
timeout 600 terraform test
