# Four buckets: the site, the data lake (private), Athena results and access logs.

resource "aws_s3_bucket" "site" {
  # checkov:skip=CKV_AWS_144: cross-region replication doubles storage and transfer cost; outside the free tier
  # checkov:skip=CKV_AWS_145: SSE-S3 (AES256) is free; KMS keys and requests are not
  # checkov:skip=CKV2_AWS_62: nothing consumes bucket events
  # checkov:skip=CKV2_AWS_6: the website endpoint needs public reads; see aws_s3_bucket_public_access_block.site
  bucket        = "${local.name}-site"
  force_destroy = true
}

resource "aws_s3_bucket" "lake" {
  # checkov:skip=CKV_AWS_144: cross-region replication doubles storage and transfer cost; outside the free tier
  # checkov:skip=CKV_AWS_145: SSE-S3 (AES256) is free; KMS keys and requests are not
  # checkov:skip=CKV2_AWS_62: nothing consumes bucket events
  # checkov:skip=CKV2_AWS_6: has aws_s3_bucket_public_access_block.lake, whose values depend on public_data (checkov cannot evaluate them)
  bucket        = "${local.name}-lake"
  force_destroy = true
}

resource "aws_s3_bucket" "athena_results" {
  # checkov:skip=CKV_AWS_144: cross-region replication doubles storage and transfer cost; outside the free tier
  # checkov:skip=CKV_AWS_145: SSE-S3 (AES256) is free; KMS keys and requests are not
  # checkov:skip=CKV2_AWS_62: nothing consumes bucket events
  # checkov:skip=CKV_AWS_21: query results are disposable and expire after 30 days
  bucket        = "${local.name}-athena-results"
  force_destroy = true
}

resource "aws_s3_bucket" "logs" {
  # checkov:skip=CKV_AWS_144: cross-region replication doubles storage and transfer cost; outside the free tier
  # checkov:skip=CKV_AWS_145: SSE-S3 (AES256) is free; KMS keys and requests are not
  # checkov:skip=CKV2_AWS_62: nothing consumes bucket events
  # checkov:skip=CKV_AWS_21: access logs expire after 7 days; versions would only keep them longer
  bucket        = "${local.name}-logs"
  force_destroy = true
}

locals {
  buckets = {
    site           = aws_s3_bucket.site
    lake           = aws_s3_bucket.lake
    athena_results = aws_s3_bucket.athena_results
    logs           = aws_s3_bucket.logs
  }
  # Buckets nobody reads anonymously.
  private_buckets = {
    lake           = aws_s3_bucket.lake
    athena_results = aws_s3_bucket.athena_results
    logs           = aws_s3_bucket.logs
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "all" {
  for_each = local.buckets
  bucket   = each.value.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_public_access_block" "private" {
  for_each                = { for k, v in local.private_buckets : k => v if k != "lake" }
  bucket                  = each.value.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# Only public_data opens the lake, and only to its policy's read of data/*; never by ACL.
resource "aws_s3_bucket_public_access_block" "lake" {
  # checkov:skip=CKV_AWS_54: blocked unless public_data (default false) opts into the S3-website option; tests/plan.tftest.hcl asserts both
  # checkov:skip=CKV_AWS_56: blocked unless public_data (default false) opts into the S3-website option; tests/plan.tftest.hcl asserts both
  bucket                  = aws_s3_bucket.lake.id
  block_public_acls       = true
  block_public_policy     = !var.public_data
  ignore_public_acls      = true
  restrict_public_buckets = !var.public_data
}

# The website bucket serves the app publicly over HTTP (the simplest option); CloudFront serves
# the same files over HTTPS. Public reads are allowed by policy only, never by ACL.
resource "aws_s3_bucket_public_access_block" "site" {
  # checkov:skip=CKV_AWS_54: the S3 website endpoint serves the app through a public-read policy
  # checkov:skip=CKV_AWS_56: the S3 website endpoint serves the app through a public-read policy
  bucket                  = aws_s3_bucket.site.id
  block_public_acls       = true
  block_public_policy     = false
  ignore_public_acls      = true
  restrict_public_buckets = false
}

resource "aws_s3_bucket_website_configuration" "site" {
  bucket = aws_s3_bucket.site.id

  index_document {
    suffix = "index.html"
  }

  error_document {
    key = "index.html"
  }
}

# Versioned, so a bad deployment can be rolled back.
resource "aws_s3_bucket_versioning" "site" {
  bucket = aws_s3_bucket.site.id

  versioning_configuration {
    status = "Enabled"
  }
}


resource "aws_s3_bucket_versioning" "lake" {
  bucket = aws_s3_bucket.lake.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_logging" "all" {
  for_each      = { site = aws_s3_bucket.site, lake = aws_s3_bucket.lake, athena_results = aws_s3_bucket.athena_results }
  bucket        = each.value.id
  target_bucket = aws_s3_bucket.logs.id
  target_prefix = "s3/${each.key}/"
  # The logs bucket's policy must let the logging service write before logging is switched on.
  depends_on = [aws_s3_bucket_policy.private]
}

# Versioned buckets keep old versions 30 days (rollback of a deployment, recovery of data).
resource "aws_s3_bucket_lifecycle_configuration" "versioned" {
  for_each = { site = aws_s3_bucket.site, lake = aws_s3_bucket.lake }
  bucket   = each.value.id

  rule {
    id     = "expire-old-versions"
    status = "Enabled"
    filter {}
    noncurrent_version_expiration {
      noncurrent_days = 30
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "athena_results" {
  bucket = aws_s3_bucket.athena_results.id

  rule {
    id     = "expire-results"
    status = "Enabled"
    filter {}
    expiration {
      days = 30
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "logs" {
  bucket = aws_s3_bucket.logs.id

  rule {
    id     = "expire-logs"
    status = "Enabled"
    filter {}
    expiration {
      days = var.log_retention_days
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }
}

# The app reads Parquet from the lake in the browser: GET/HEAD only, from the site's origins,
# exposing what a ranged Parquet reader needs.
resource "aws_s3_bucket_cors_configuration" "lake" {
  bucket = aws_s3_bucket.lake.id

  cors_rule {
    allowed_methods = ["GET", "HEAD"]
    allowed_origins = local.site_origins
    allowed_headers = ["Range", "If-None-Match", "If-Modified-Since"]
    expose_headers  = ["Content-Length", "Content-Range", "Accept-Ranges", "ETag", "Last-Modified"]
    max_age_seconds = 3600
  }
}

locals {
  # Buckets whose policy has at least one statement (an empty policy is invalid).
  policy_buckets = {
    for k, v in local.private_buckets : k => v
    if var.enforce_tls || k == "logs" || (k == "lake" && (var.enable_cloudfront || var.public_data))
  }
  website_origin = "http://${aws_s3_bucket_website_configuration.site.website_endpoint}"
  site_origins = concat(
    [local.website_origin],
    var.enable_cloudfront ? ["https://${aws_cloudfront_distribution.site[0].domain_name}"] : [],
    var.site_origins,
  )
}

data "aws_iam_policy_document" "tls_only" {
  for_each = local.policy_buckets

  # S3 server access logging writes into the logs bucket. (First, and on the whole bucket: the
  # emulator used in tests only recognises this exact form.)
  dynamic "statement" {
    for_each = each.key == "logs" ? [1] : []
    content {
      sid       = "S3ServerAccessLogs"
      effect    = "Allow"
      actions   = ["s3:PutObject"]
      resources = ["${aws_s3_bucket.logs.arn}/*"]
      principals {
        type        = "Service"
        identifiers = ["logging.s3.amazonaws.com"]
      }
      condition {
        test     = "StringEquals"
        variable = "aws:SourceAccount"
        values   = [local.account_id]
      }
    }
  }

  dynamic "statement" {
    for_each = var.enforce_tls ? [1] : []
    content {
      sid     = "DenyInsecureTransport"
      effect  = "Deny"
      actions = ["s3:*"]
      resources = [
        each.value.arn,
        "${each.value.arn}/*",
      ]
      principals {
        type        = "AWS"
        identifiers = ["*"]
      }
      condition {
        test     = "Bool"
        variable = "aws:SecureTransport"
        values   = ["false"]
      }
    }
  }

  # CloudFront (origin access control) may read the published data of the lake.
  dynamic "statement" {
    for_each = each.key == "lake" && var.enable_cloudfront ? [1] : []
    content {
      sid       = "CloudFrontReadsPublishedData"
      effect    = "Allow"
      actions   = ["s3:GetObject"]
      resources = ["${aws_s3_bucket.lake.arn}/data/*"]
      principals {
        type        = "Service"
        identifiers = ["cloudfront.amazonaws.com"]
      }
      condition {
        test     = "StringEquals"
        variable = "AWS:SourceArn"
        values   = [aws_cloudfront_distribution.site[0].arn]
      }
    }
  }

  # public_data: anyone may read the published data (never the private copy, which is not uploaded).
  dynamic "statement" {
    for_each = each.key == "lake" && var.public_data ? [1] : []
    content {
      sid       = "PublicReadOfPublishedData"
      effect    = "Allow"
      actions   = ["s3:GetObject"]
      resources = ["${aws_s3_bucket.lake.arn}/data/*"]
      principals {
        type        = "*"
        identifiers = ["*"]
      }
    }
  }
}

resource "aws_s3_bucket_policy" "private" {
  for_each   = local.policy_buckets
  bucket     = each.value.id
  policy     = data.aws_iam_policy_document.tls_only[each.key].json
  depends_on = [aws_s3_bucket_public_access_block.private, aws_s3_bucket_public_access_block.lake]
}

data "aws_iam_policy_document" "site" {
  statement {
    sid       = "PublicReadOfTheApp"
    effect    = "Allow"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.site.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}

resource "aws_s3_bucket_policy" "site" {
  bucket     = aws_s3_bucket.site.id
  policy     = data.aws_iam_policy_document.site.json
  depends_on = [aws_s3_bucket_public_access_block.site]
}
