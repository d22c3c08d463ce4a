provider "aws" {
  region = var.region

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

  # SQL twins of the KPIs, one Athena named query each.
  queries = fileset("${path.module}/../athena/queries", "*.sql")
}
