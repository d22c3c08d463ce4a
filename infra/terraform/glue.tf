# The Glue catalog: one table per dataset over the current publication,
# s3://<site>/data/v/<publication>/<dataset>/, Hive partitions year=/month= resolved by partition
# projection (so no crawler run is needed, and the deploy never starts one: it costs). Athena
# reads every object under a table's location: scripts/deploy.sh moves each table to the new
# publication's folder (the two settings that name it are left to the deploy, see ignore_changes)
# and removes the old publication's files only after the new manifest is live. Until a first
# deploy the tables point at data/v/none/ (empty). The crawler the original system named stays,
# for discovering new datasets by hand.

resource "aws_glue_catalog_database" "lake" {
  name        = replace(local.name, "-", "_")
  description = "Customer-satisfaction data lake (published, pseudonymous data only)"
}

resource "aws_glue_catalog_table" "tables" {
  for_each      = local.tables
  name          = each.key
  database_name = aws_glue_catalog_database.lake.name
  table_type    = "EXTERNAL_TABLE"

  parameters = merge(
    {
      "classification" = "parquet"
      "EXTERNAL"       = "TRUE"
    },
    each.value.partitioned ? {
      "projection.enabled"        = "true"
      "projection.year.type"      = "integer"
      "projection.year.range"     = "2020,2035"
      "projection.month.type"     = "integer"
      "projection.month.range"    = "1,12"
      "projection.month.digits"   = "2"
      "storage.location.template" = "s3://${aws_s3_bucket.site.bucket}/data/v/none/${each.key}/year=$${year}/month=$${month}/"
    } : {}
  )

  dynamic "partition_keys" {
    for_each = each.value.partitioned ? ["year", "month"] : []
    content {
      name = partition_keys.value
      type = "int"
    }
  }

  storage_descriptor {
    location      = "s3://${aws_s3_bucket.site.bucket}/data/v/none/${each.key}/"
    input_format  = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat"
    output_format = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat"

    ser_de_info {
      serialization_library = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"
    }

    dynamic "columns" {
      for_each = each.value.columns
      content {
        name    = columns.value.name
        type    = columns.value.type
        comment = columns.value.comment
      }
    }
  }

  lifecycle {
    # The deploy moves the tables to each new publication.
    ignore_changes = [storage_descriptor[0].location, parameters["storage.location.template"]]
  }
}

resource "aws_glue_crawler" "lake" {
  # checkov:skip=CKV_AWS_195: a Glue security configuration needs a KMS key, outside the free tier; the lake is SSE-S3 encrypted
  name          = "customer-satisfaction-crawler"
  database_name = aws_glue_catalog_database.lake.name
  role          = aws_iam_role.crawler.arn
  table_prefix  = "crawled_"
  description   = "Discovers new datasets under s3://<site>/data/v/ by hand; the managed tables are Terraform's and the deploy never starts it"

  s3_target {
    path       = "s3://${aws_s3_bucket.site.bucket}/data/v/"
    exclusions = ["*/csv/**", "*/calendario/**"]
  }

  schema_change_policy {
    update_behavior = "LOG"
    delete_behavior = "LOG"
  }
}
