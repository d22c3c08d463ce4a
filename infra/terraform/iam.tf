# Three roles of the original system, least privilege, scoped to this project's ARNs; plus the
# Glue crawler's service role. The people who assume the roles are principals of this account,
# signed in with MFA; the crawler's role trusts Glue only on behalf of this account.

locals {
  lake_data_arn   = "${aws_s3_bucket.site.arn}/data/*"
  glue_catalog    = "arn:${local.partition}:glue:${var.region}:${local.account_id}:catalog"
  glue_database   = "arn:${local.partition}:glue:${var.region}:${local.account_id}:database/${aws_glue_catalog_database.lake.name}"
  glue_tables     = "arn:${local.partition}:glue:${var.region}:${local.account_id}:table/${aws_glue_catalog_database.lake.name}/*"
  account_root    = "arn:${local.partition}:iam::${local.account_id}:root"
  project_buckets = [for b in local.buckets : b.arn]
}

data "aws_iam_policy_document" "assume_from_account" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = [local.account_root]
    }
    condition {
      test     = "Bool"
      variable = "aws:MultiFactorAuthPresent"
      values   = ["true"]
    }
  }
}

# --- CustomerSatisfactionRole: read the published data ----------------------------------------

resource "aws_iam_role" "reader" {
  name               = "CustomerSatisfactionRole"
  description        = "Reads the published (pseudonymous) data of the lake"
  assume_role_policy = data.aws_iam_policy_document.assume_from_account.json
}

data "aws_iam_policy_document" "reader" {
  statement {
    sid       = "ReadPublishedObjects"
    actions   = ["s3:GetObject"]
    resources = [local.lake_data_arn]
  }
  statement {
    sid       = "ListPublishedPrefix"
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.site.arn]
    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["data/*"]
    }
  }
}

resource "aws_iam_role_policy" "reader" {
  name   = "read-published-data"
  role   = aws_iam_role.reader.id
  policy = data.aws_iam_policy_document.reader.json
}

# --- DataScientistRole: query through Athena, read the lake -----------------------------------

resource "aws_iam_role" "data_scientist" {
  name               = "DataScientistRole"
  description        = "Runs Athena queries over the lake and reads it"
  assume_role_policy = data.aws_iam_policy_document.assume_from_account.json
}

data "aws_iam_policy_document" "data_scientist" {
  source_policy_documents = [data.aws_iam_policy_document.reader.json]

  statement {
    sid = "QueryInTheWorkgroup"
    actions = [
      "athena:StartQueryExecution", "athena:StopQueryExecution", "athena:GetQueryExecution",
      "athena:GetQueryResults", "athena:GetWorkGroup", "athena:ListNamedQueries",
      "athena:GetNamedQuery", "athena:BatchGetNamedQuery", "athena:ListQueryExecutions",
      "athena:CreatePreparedStatement", "athena:GetPreparedStatement", "athena:DeletePreparedStatement",
    ]
    resources = [aws_athena_workgroup.analytics.arn]
  }
  statement {
    sid       = "ReadTheCatalog"
    actions   = ["glue:GetDatabase", "glue:GetTable", "glue:GetTables", "glue:GetPartition", "glue:GetPartitions"]
    resources = [local.glue_catalog, local.glue_database, local.glue_tables]
  }
  statement {
    sid       = "QueryResults"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload"]
    resources = ["${aws_s3_bucket.athena_results.arn}/results/*"]
  }
  statement {
    sid       = "ListQueryResults"
    actions   = ["s3:ListBucket", "s3:GetBucketLocation"]
    resources = [aws_s3_bucket.athena_results.arn]
  }
}

resource "aws_iam_role_policy" "data_scientist" {
  name   = "athena-analytics"
  role   = aws_iam_role.data_scientist.id
  policy = data.aws_iam_policy_document.data_scientist.json
}

# --- AdminRole: manage the project's resources ------------------------------------------------

resource "aws_iam_role" "admin" {
  name               = "AdminRole"
  description        = "Manages the project's buckets, catalog, workgroup, alarms and deployments"
  assume_role_policy = data.aws_iam_policy_document.assume_from_account.json
}

data "aws_iam_policy_document" "admin" {
  statement {
    sid       = "DeployAndReadObjects"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:GetObjectVersion", "s3:ListBucket", "s3:ListBucketVersions", "s3:GetBucketLocation"]
    resources = concat(local.project_buckets, [for arn in local.project_buckets : "${arn}/*"])
  }
  statement {
    sid       = "ReadBucketSettings"
    actions   = ["s3:GetBucketPolicy", "s3:GetBucketVersioning", "s3:GetLifecycleConfiguration", "s3:GetBucketCORS", "s3:GetEncryptionConfiguration", "s3:GetBucketLogging", "s3:GetBucketPublicAccessBlock"]
    resources = local.project_buckets
  }
  statement {
    sid     = "MoveTablesToAPublication"
    actions = ["glue:GetDatabase", "glue:GetTable", "glue:GetTables", "glue:UpdateTable", "glue:GetCrawler", "glue:StartCrawler", "glue:GetPartitions"]
    resources = [
      local.glue_catalog, local.glue_database, local.glue_tables,
      "arn:${local.partition}:glue:${var.region}:${local.account_id}:crawler/${aws_glue_crawler.lake.name}",
    ]
  }
  statement {
    sid       = "ProjectWorkgroup"
    actions   = ["athena:GetWorkGroup", "athena:UpdateWorkGroup", "athena:ListNamedQueries", "athena:GetNamedQuery", "athena:StartQueryExecution", "athena:GetQueryExecution", "athena:GetQueryResults", "athena:StopQueryExecution"]
    resources = [aws_athena_workgroup.analytics.arn]
  }
  statement {
    sid     = "ProjectAlarmsAndTopic"
    actions = ["cloudwatch:DescribeAlarms", "cloudwatch:PutMetricAlarm", "cloudwatch:SetAlarmState", "sns:GetTopicAttributes", "sns:ListSubscriptionsByTopic", "sns:Subscribe", "logs:DescribeLogStreams", "logs:GetLogEvents", "logs:FilterLogEvents"]
    resources = [
      "arn:${local.partition}:cloudwatch:${var.region}:${local.account_id}:alarm:${local.name}-*",
      aws_sns_topic.alerts.arn,
      "${aws_cloudwatch_log_group.app.arn}:*",
    ]
  }
  dynamic "statement" {
    for_each = var.enable_cloudfront ? [1] : []
    content {
      sid       = "ProjectDistribution"
      actions   = ["cloudfront:GetDistribution", "cloudfront:CreateInvalidation", "cloudfront:GetInvalidation"]
      resources = [aws_cloudfront_distribution.site[0].arn]
    }
  }
  statement {
    sid       = "ProjectBudget"
    actions   = ["budgets:ViewBudget", "budgets:ModifyBudget"]
    resources = ["arn:${local.partition}:budgets::${local.account_id}:budget/${local.name}-monthly"]
  }
  statement {
    sid       = "CostReport"
    actions   = ["ce:GetCostAndUsage", "ce:GetCostForecast"]
    resources = ["*"] # Cost Explorer has no resource-level permissions.
  }
}

resource "aws_iam_role_policy" "admin" {
  name   = "manage-project"
  role   = aws_iam_role.admin.id
  policy = data.aws_iam_policy_document.admin.json
}

# --- The Glue crawler's service role ----------------------------------------------------------

data "aws_iam_policy_document" "assume_from_glue" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["glue.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_iam_role" "crawler" {
  name               = "${local.name}-crawler"
  description        = "Lets the Glue crawler read the lake and update the catalog"
  assume_role_policy = data.aws_iam_policy_document.assume_from_glue.json
}

data "aws_iam_policy_document" "crawler" {
  source_policy_documents = [data.aws_iam_policy_document.reader.json]

  statement {
    sid       = "UpdateTheCatalog"
    actions   = ["glue:GetDatabase", "glue:GetTable", "glue:GetTables", "glue:CreateTable", "glue:UpdateTable", "glue:BatchCreatePartition", "glue:BatchGetPartition", "glue:GetPartition", "glue:GetPartitions", "glue:CreatePartition", "glue:UpdatePartition"]
    resources = [local.glue_catalog, local.glue_database, local.glue_tables]
  }
  statement {
    sid       = "CrawlerLogs"
    actions   = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["arn:${local.partition}:logs:${var.region}:${local.account_id}:log-group:/aws-glue/crawlers:*"]
  }
}

resource "aws_iam_role_policy" "crawler" {
  name   = "crawl-the-lake"
  role   = aws_iam_role.crawler.id
  policy = data.aws_iam_policy_document.crawler.json
}
