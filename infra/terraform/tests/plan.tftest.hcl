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
  mock_data "aws_canonical_user_id" {
    defaults = {
      id = "0000000000000000000000000000000000000000000000000000000000000000"
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
    condition     = aws_s3_bucket_versioning.site.versioning_configuration[0].status == "Enabled"
    error_message = "The site and data bucket must be versioned."
  }
  assert {
    condition     = alltrue([for k, v in aws_s3_bucket_server_side_encryption_configuration.all : one(v.rule).apply_server_side_encryption_by_default[0].sse_algorithm == "AES256"])
    error_message = "Every bucket must be encrypted with AES256."
  }
  assert {
    condition     = length(aws_s3_bucket_server_side_encryption_configuration.all) == 3
    error_message = "At most three buckets, as the original system: site and data, Athena results, logs."
  }
  assert {
    condition     = alltrue([for v in concat(values(aws_s3_bucket_public_access_block.private), [aws_s3_bucket_public_access_block.site]) : v.block_public_acls && v.block_public_policy && v.ignore_public_acls && v.restrict_public_buckets])
    error_message = "With CloudFront every bucket blocks all public access: the site is reachable only through CloudFront."
  }
  assert {
    condition     = contains([for s in data.aws_iam_policy_document.private["site"].statement : s.sid], "DenyInsecureTransport")
    error_message = "With CloudFront the site bucket refuses plain HTTP too."
  }
  assert {
    condition     = length(aws_s3_bucket_website_configuration.site) == 0 && output.site_website_url == null
    error_message = "With CloudFront there is no S3 website endpoint."
  }
  assert {
    condition     = aws_s3_bucket_ownership_controls.logs.rule[0].object_ownership == "BucketOwnerPreferred" && length(aws_s3_bucket_acl.logs) == 1
    error_message = "CloudFront standard logging needs the logs bucket to accept ACLs (BucketOwnerPreferred and the log-delivery grant)."
  }
  assert {
    condition     = contains([for g in aws_s3_bucket_acl.logs[0].access_control_policy[0].grant : g.grantee[0].id], "c4c1ede66af53448b93c283ce9448c4ba468c9432aa01d700d3878632f77d2d0")
    error_message = "The logs bucket must grant the awslogsdelivery account."
  }
  assert {
    condition     = aws_sns_topic.alerts.kms_master_key_id == null || aws_sns_topic.alerts.kms_master_key_id == ""
    error_message = "CloudWatch cannot publish to a topic encrypted with aws/sns: no SSE on the alerts topic."
  }
  assert {
    condition     = strcontains(one(aws_cloudfront_response_headers_policy.security[0].security_headers_config).content_security_policy[0].content_security_policy, "script-src 'self' 'wasm-unsafe-eval';")
    error_message = "CloudFront must send the Content-Security-Policy of csp.json."
  }
  assert {
    condition     = !strcontains(local.csp, "'unsafe-eval'") && strcontains(local.csp, "connect-src 'self';") && strcontains(local.csp, "frame-ancestors 'none'")
    error_message = "The policy: no unsafe-eval, connect-src only the site's own data by default, no framing."
  }
  assert {
    condition     = endswith(aws_glue_catalog_table.tables["llamadas_call_center"].parameters["storage.location.template"], "/data/v/none/llamadas_call_center/year=$${year}/month=$${month}/")
    error_message = "Tables read one publication's folder (the deploy moves them)."
  }
  assert {
    condition     = one(aws_s3_bucket_lifecycle_configuration.logs.rule).expiration[0].days == 7
    error_message = "Access logs must expire after 7 days."
  }
  assert {
    condition     = one(aws_s3_bucket_lifecycle_configuration.site.rule).abort_incomplete_multipart_upload[0].days_after_initiation == 1
    error_message = "Incomplete multipart uploads must be aborted."
  }
  assert {
    condition     = toset(one(aws_s3_bucket_cors_configuration.site.cors_rule).allowed_methods) == toset(["GET", "HEAD"])
    error_message = "The data's CORS must allow GET and HEAD only."
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
    condition     = anytrue([for c in data.aws_iam_policy_document.assume_from_account.statement[0].condition : c.variable == "aws:MultiFactorAuthPresent" && contains(c.values, "true")])
    error_message = "The human roles may be assumed only with MFA."
  }
  assert {
    condition     = anytrue([for c in data.aws_iam_policy_document.assume_from_glue.statement[0].condition : c.variable == "aws:SourceAccount"])
    error_message = "The crawler's role trusts Glue only on behalf of this account (aws:SourceAccount)."
  }
  assert {
    condition     = alltrue(flatten([for d in [data.aws_iam_policy_document.admin, data.aws_iam_policy_document.data_scientist, data.aws_iam_policy_document.reader, data.aws_iam_policy_document.crawler] : [for s in d.statement : [for a in s.actions : !endswith(a, ":*")]]]))
    error_message = "No service-wide wildcard actions in the roles' policies."
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

run "the_s3_website_option_opens_only_the_site" {
  command = plan

  variables {
    enable_cloudfront = false
  }

  assert {
    condition     = !aws_s3_bucket_public_access_block.site.block_public_policy && !aws_s3_bucket_public_access_block.site.restrict_public_buckets
    error_message = "Without CloudFront the site's policy grants public reads (the website endpoint)."
  }
  assert {
    condition     = aws_s3_bucket_public_access_block.site.block_public_acls && aws_s3_bucket_public_access_block.site.ignore_public_acls
    error_message = "Never public ACLs."
  }
  assert {
    condition     = alltrue([for k in ["athena_results", "logs"] : aws_s3_bucket_public_access_block.private[k].block_public_policy && aws_s3_bucket_public_access_block.private[k].restrict_public_buckets])
    error_message = "The results and logs buckets stay closed."
  }
  assert {
    condition     = !contains([for s in data.aws_iam_policy_document.private["site"].statement : s.sid], "DenyInsecureTransport") && contains([for s in data.aws_iam_policy_document.private["logs"].statement : s.sid], "DenyInsecureTransport")
    error_message = "The website endpoint speaks HTTP only: no TLS-only deny on the site bucket (the others keep it)."
  }
  assert {
    condition     = length(aws_s3_bucket_website_configuration.site) == 1 && length(aws_s3_bucket_acl.logs) == 0 && aws_s3_bucket_ownership_controls.logs.rule[0].object_ownership == "BucketOwnerEnforced"
    error_message = "The website option has the website endpoint, and no ACLs anywhere (no CloudFront logs)."
  }
}

run "links_may_read_only_the_origins_listed" {
  command = plan

  variables {
    data_origins = ["https://datos.example.org"]
  }

  assert {
    condition     = strcontains(local.csp, "connect-src 'self' https://datos.example.org;")
    error_message = "data_origins must reach the policy's connect-src."
  }
  assert {
    condition     = output.csp_connect_src == "https://datos.example.org"
    error_message = "The deploy writes the same origins into the <meta> policy."
  }
}

run "rejects_a_data_origin_with_a_path" {
  command = plan

  variables {
    data_origins = ["https://datos.example.org/lake/"]
  }

  expect_failures = [var.data_origins]
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
