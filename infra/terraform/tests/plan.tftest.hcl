# Plan-level assertions on the settings that matter, with a mocked AWS provider (no credentials,
# no network). The apply against the emulator is a separate test.

mock_provider "aws" {
  mock_data "aws_caller_identity" {
    defaults = {
      account_id = "123456789012"
    }
  }
  mock_data "aws_partition" {
    defaults = {
      partition = "aws"
    }
  }
  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }
}

variables {
  alert_email = "alerts@example.com"
}

run "free_tier_settings" {
  command = plan

  assert {
    condition     = aws_athena_workgroup.analytics.configuration[0].bytes_scanned_cutoff_per_query == 104857600
    error_message = "Athena must cut off queries at 100 MB scanned."
  }
  assert {
    condition     = aws_athena_workgroup.analytics.configuration[0].enforce_workgroup_configuration
    error_message = "The workgroup must enforce its settings."
  }
  assert {
    condition     = length(aws_athena_named_query.kpi) == length(fileset("${path.module}/../athena/queries", "*.sql"))
    error_message = "Every SQL twin must become a named query."
  }
  assert {
    condition     = aws_s3_bucket_versioning.lake.versioning_configuration[0].status == "Enabled"
    error_message = "The lake must be versioned."
  }
  assert {
    condition     = alltrue([for k, v in aws_s3_bucket_server_side_encryption_configuration.all : one(v.rule).apply_server_side_encryption_by_default[0].sse_algorithm == "AES256"])
    error_message = "Every bucket must be encrypted with AES256."
  }
  assert {
    condition     = length(aws_s3_bucket_server_side_encryption_configuration.all) == 4
    error_message = "There must be four buckets: site, lake, Athena results and logs."
  }
  assert {
    condition     = alltrue([for v in concat(values(aws_s3_bucket_public_access_block.private), [aws_s3_bucket_public_access_block.lake]) : v.block_public_acls && v.block_public_policy && v.ignore_public_acls && v.restrict_public_buckets])
    error_message = "The lake, results and logs buckets must block all public access."
  }
  assert {
    condition     = one(aws_s3_bucket_lifecycle_configuration.logs.rule).expiration[0].days == 7
    error_message = "Access logs must expire after 7 days."
  }
  assert {
    condition     = one(aws_s3_bucket_lifecycle_configuration.versioned["lake"].rule).abort_incomplete_multipart_upload[0].days_after_initiation == 1
    error_message = "Incomplete multipart uploads must be aborted."
  }
  assert {
    condition     = toset(one(aws_s3_bucket_cors_configuration.lake.cors_rule).allowed_methods) == toset(["GET", "HEAD"])
    error_message = "The lake's CORS must allow GET and HEAD only."
  }
  assert {
    condition     = aws_cloudwatch_log_group.app.retention_in_days == 7
    error_message = "Logs must be kept 7 days."
  }
  assert {
    condition     = aws_budgets_budget.monthly[0].limit_amount == "1.00" && aws_budgets_budget.monthly[0].limit_unit == "USD"
    error_message = "The monthly budget must be USD 1."
  }
  assert {
    condition     = toset([for n in aws_budgets_budget.monthly[0].notification : "${n.notification_type}:${n.threshold}:${n.threshold_type}"]) == toset(["ACTUAL:0.5:ABSOLUTE_VALUE", "FORECASTED:100:PERCENTAGE"])
    error_message = "Budget alerts must fire at USD 0.50 actual and at 100 % forecast."
  }
  assert {
    condition     = aws_glue_crawler.lake.name == "customer-satisfaction-crawler"
    error_message = "The crawler keeps the original system's name."
  }
  assert {
    condition     = length(aws_glue_catalog_table.tables) == 8
    error_message = "One Glue table per dataset, plus calendario."
  }
  assert {
    condition     = aws_glue_catalog_table.tables["llamadas_call_center"].parameters["projection.enabled"] == "true"
    error_message = "Partitioned tables use partition projection."
  }
  assert {
    condition     = toset([aws_iam_role.reader.name, aws_iam_role.data_scientist.name, aws_iam_role.admin.name]) == toset(["CustomerSatisfactionRole", "DataScientistRole", "AdminRole"])
    error_message = "The three roles keep the original system's names."
  }
  assert {
    condition     = one(aws_cloudfront_distribution.site[0].default_cache_behavior).viewer_protocol_policy == "redirect-to-https"
    error_message = "CloudFront must redirect to HTTPS."
  }
}

run "toggles_for_the_emulator" {
  command = plan

  variables {
    enable_cloudfront = false
    enable_budget     = false
  }

  assert {
    condition     = length(aws_cloudfront_distribution.site) == 0 && length(aws_budgets_budget.monthly) == 0
    error_message = "The toggles must remove exactly CloudFront and the budget."
  }
}

run "public_data_opens_only_the_lake" {
  command = plan

  variables {
    public_data       = true
    enable_cloudfront = false
  }

  assert {
    condition     = !aws_s3_bucket_public_access_block.lake.block_public_policy && !aws_s3_bucket_public_access_block.lake.restrict_public_buckets
    error_message = "public_data must let the lake's policy grant public reads."
  }
  assert {
    condition     = aws_s3_bucket_public_access_block.lake.block_public_acls && aws_s3_bucket_public_access_block.lake.ignore_public_acls
    error_message = "public_data must never allow public ACLs."
  }
  assert {
    condition     = alltrue([for k in ["athena_results", "logs"] : aws_s3_bucket_public_access_block.private[k].block_public_policy && aws_s3_bucket_public_access_block.private[k].restrict_public_buckets])
    error_message = "public_data must leave the results and logs buckets closed."
  }
  assert {
    condition     = contains(keys(aws_s3_bucket_policy.private), "lake")
    error_message = "public_data needs a policy on the lake."
  }
}

run "rejects_a_bad_email" {
  command = plan

  variables {
    alert_email = "not-an-address"
  }

  expect_failures = [var.alert_email]
}

run "rejects_a_scan_cutoff_below_athenas_minimum" {
  command = plan

  variables {
    athena_bytes_scanned_cutoff = 1000
  }

  expect_failures = [var.athena_bytes_scanned_cutoff]
}
