provider "aws" {
  region = var.region

  # Only for tests against an AWS emulator (var.endpoint_url set by a test variable file): every
  # service at one local URL, path-style S3, no credential checks.
  s3_use_path_style           = var.endpoint_url != null
  skip_credentials_validation = var.endpoint_url != null
  skip_metadata_api_check     = var.endpoint_url != null
  skip_requesting_account_id  = false

  dynamic "endpoints" {
    for_each = var.endpoint_url == null ? [] : [var.endpoint_url]
    content {
      athena         = endpoints.value
      budgets        = endpoints.value
      cloudfront     = endpoints.value
      cloudwatch     = endpoints.value
      cloudwatchlogs = endpoints.value
      glue           = endpoints.value
      iam            = endpoints.value
      s3             = endpoints.value
      sns            = endpoints.value
      sts            = endpoints.value
    }
  }

  default_tags {
    tags = local.tags
  }
}

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  name = "${var.name_prefix}-${var.environment}"
  tags = {
    Project     = "customer-satisfaction-analytics"
    Environment = var.environment
    ManagedBy   = "terraform"
  }
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition

  # The lake's tables, generated from the engine's schema (cargo run -p cx-cli -- --schema).
  tables = jsondecode(file("${path.module}/schema.json"))

  # The Content-Security-Policy (csp.json, shared with scripts/csp.py), with the extra origins the
  # app may read data from. Directives sorted by name, as scripts/csp.py writes them.
  csp_directives = jsondecode(file("${path.module}/csp.json"))
  csp = join("; ", [
    for k in sort(keys(local.csp_directives)) :
    "${k} ${join(" ", k == "connect-src" ? distinct(concat(local.csp_directives[k], var.data_origins)) : local.csp_directives[k])}"
  ])

  # SQL twins of the KPIs, one Athena named query each.
  queries = fileset("${path.module}/../athena/queries", "*.sql")
}
