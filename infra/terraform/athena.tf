# The Athena workgroup enforces its settings: results location, encryption, a per-query scan
# cutoff, and CloudWatch metrics (for the bytes-scanned alarm).

resource "aws_athena_workgroup" "analytics" {
  name          = local.name
  description   = "KPI queries over the customer-satisfaction lake"
  force_destroy = true

  configuration {
    enforce_workgroup_configuration    = true
    publish_cloudwatch_metrics_enabled = true
    bytes_scanned_cutoff_per_query     = var.athena_bytes_scanned_cutoff

    result_configuration {
      output_location = "s3://${aws_s3_bucket.athena_results.bucket}/results/"

      encryption_configuration {
        encryption_option = "SSE_S3"
      }
    }
  }
}

# One named query per SQL twin of the KPIs (infra/athena/queries/*.sql).
resource "aws_athena_named_query" "kpi" {
  for_each    = local.queries
  name        = trimsuffix(each.value, ".sql")
  description = "KPI twin ${each.value}; definitions in docs/kpis.md"
  database    = aws_glue_catalog_database.lake.name
  workgroup   = aws_athena_workgroup.analytics.id
  query       = file("${path.module}/../athena/queries/${each.value}")
}
