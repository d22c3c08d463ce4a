# Three buckets, as the original system: the site and the data lake share one (the app at the
# root, the published data under data/v/<publication>/ with data/manifest.json naming the current
# one), Athena results, and access logs.
#
# Two ways to serve the site (var.enable_cloudfront):
# - CloudFront (default): HTTPS, the bucket fully private, read only by CloudFront's origin access
#   control; no S3 website endpoint.
# - S3 website (enable_cloudfront = false, for accounts or emulators without CloudFront): the
#   website endpoint serves the app over HTTP, the bucket's policy lets anyone read it (the app and
#   the published, pseudonymous data; the private copy is never uploaded).

resource "aws_s3_bucket" "site" {
  # checkov:skip=CKV_AWS_144: cross-region replication doubles storage and transfer cost; outside the free tier
  # checkov:skip=CKV_AWS_145: SSE-S3 (AES256) is free; KMS keys and requests are not
  # checkov:skip=CKV2_AWS_62: nothing consumes bucket events
  # checkov:skip=CKV2_AWS_6: has aws_s3_bucket_public_access_block.site, fully blocked with CloudFront; the S3-website option opens its policy (tests/plan.tftest.hcl asserts both)
  bucket        = "${local.name}-site"
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
    athena_results = aws_s3_bucket.athena_results
    logs           = aws_s3_bucket.logs
  }
  # Buckets nobody reads anonymously, whatever the serving option.
  private_buckets = {
    athena_results = aws_s3_bucket.athena_results
    logs           = aws_s3_bucket.logs
  }
  website = !var.enable_cloudfront
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
  for_each                = local.private_buckets
  bucket                  = each.value.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# With CloudFront the site bucket is closed to the public (CloudFront reads it with origin access
# control); the S3-website option opens its policy, never ACLs.
resource "aws_s3_bucket_public_access_block" "site" {
  # checkov:skip=CKV_AWS_54: blocked unless the S3-website option (enable_cloudfront = false); tests/plan.tftest.hcl asserts both
  # checkov:skip=CKV_AWS_56: blocked unless the S3-website option (enable_cloudfront = false); tests/plan.tftest.hcl asserts both
  bucket                  = aws_s3_bucket.site.id
  block_public_acls       = true
  block_public_policy     = !local.website
  ignore_public_acls      = true
  restrict_public_buckets = !local.website
}

resource "aws_s3_bucket_website_configuration" "site" {
  count  = local.website ? 1 : 0
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

resource "aws_s3_bucket_logging" "all" {
  for_each      = { site = aws_s3_bucket.site, athena_results = aws_s3_bucket.athena_results }
  bucket        = each.value.id
  target_bucket = aws_s3_bucket.logs.id
  target_prefix = "s3/${each.key}/"
  # The logs bucket's policy must let the logging service write before logging is switched on.
  depends_on = [aws_s3_bucket_policy.private]
}

# CloudFront's standard logging writes with ACLs: the logs bucket must accept them (object
# ownership "BucketOwnerPreferred" and a grant to the log-delivery account). S3 server access
# logging uses the bucket policy instead (aws_iam_policy_document.private).
resource "aws_s3_bucket_ownership_controls" "logs" {
  # checkov:skip=CKV2_AWS_65: CloudFront standard logging writes with ACLs (AWS documentation); ACLs stay disabled (BucketOwnerEnforced) without CloudFront, and no public ACL is ever accepted
  bucket = aws_s3_bucket.logs.id

  rule {
    object_ownership = var.enable_cloudfront ? "BucketOwnerPreferred" : "BucketOwnerEnforced"
  }
}

data "aws_canonical_user_id" "current" {
  count = var.enable_cloudfront ? 1 : 0
}

resource "aws_s3_bucket_acl" "logs" {
  count      = var.enable_cloudfront ? 1 : 0
  bucket     = aws_s3_bucket.logs.id
  depends_on = [aws_s3_bucket_ownership_controls.logs]

  access_control_policy {
    owner {
      id = data.aws_canonical_user_id.current[0].id
    }
    grant {
      permission = "FULL_CONTROL"
      grantee {
        type = "CanonicalUser"
        id   = data.aws_canonical_user_id.current[0].id
      }
    }
    # The awslogsdelivery account that writes CloudFront standard logs (AWS documentation).
    grant {
      permission = "FULL_CONTROL"
      grantee {
        type = "CanonicalUser"
        id   = "c4c1ede66af53448b93c283ce9448c4ba468c9432aa01d700d3878632f77d2d0"
      }
    }
  }
}

# The site bucket keeps old versions 30 days (rollback of a deployment, recovery of data).
resource "aws_s3_bucket_lifecycle_configuration" "site" {
  bucket = aws_s3_bucket.site.id

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

# Other sites (var.site_origins, e.g. a local copy of the app at http://localhost:8501) may read
# the published data with CORS: GET/HEAD only, exposing what a ranged Parquet reader needs.
resource "aws_s3_bucket_cors_configuration" "site" {
  bucket = aws_s3_bucket.site.id

  cors_rule {
    allowed_methods = ["GET", "HEAD"]
    allowed_origins = local.site_origins
    allowed_headers = ["Range", "If-None-Match", "If-Modified-Since"]
    expose_headers  = ["Content-Length", "Content-Range", "Accept-Ranges", "ETag", "Last-Modified"]
    max_age_seconds = 3600
  }
}

locals {
  website_origin = local.website ? "http://${aws_s3_bucket_website_configuration.site[0].website_endpoint}" : null
  site_origins = concat(
    local.website ? [local.website_origin] : [],
    var.enable_cloudfront ? ["https://${aws_cloudfront_distribution.site[0].domain_name}"] : [],
    var.site_origins,
  )
}

data "aws_iam_policy_document" "private" {
  for_each = local.buckets

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

  # (Not on the site bucket in the S3-website option: its website endpoint speaks HTTP only.)
  dynamic "statement" {
    for_each = var.enforce_tls && !(each.key == "site" && local.website) ? [1] : []
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

  # CloudFront (origin access control) reads the app and the published data.
  dynamic "statement" {
    for_each = each.key == "site" && var.enable_cloudfront ? [1] : []
    content {
      sid       = "CloudFrontReadsTheSite"
      effect    = "Allow"
      actions   = ["s3:GetObject"]
      resources = ["${aws_s3_bucket.site.arn}/*"]
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

  # The S3-website option: anyone may read the app and the published data (no personal data).
  dynamic "statement" {
    for_each = each.key == "site" && local.website ? [1] : []
    content {
      sid       = "PublicReadOfTheSite"
      effect    = "Allow"
      actions   = ["s3:GetObject"]
      resources = ["${aws_s3_bucket.site.arn}/*"]
      principals {
        type        = "*"
        identifiers = ["*"]
      }
    }
  }
}

locals {
  # Buckets whose policy has at least one statement (an empty policy is invalid). The site always
  # has one: CloudFront's read, or the website's public read.
  policy_buckets = { for k, v in local.buckets : k => v if var.enforce_tls || k != "athena_results" }
}

resource "aws_s3_bucket_policy" "private" {
  for_each   = local.policy_buckets
  bucket     = each.value.id
  policy     = data.aws_iam_policy_document.private[each.key].json
  depends_on = [aws_s3_bucket_public_access_block.private, aws_s3_bucket_public_access_block.site]
}
