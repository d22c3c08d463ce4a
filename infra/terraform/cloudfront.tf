# HTTPS in front of the site and its published data, so the bucket stays private (read only by
# CloudFront's origin access control) and a service worker can register (S3 website endpoints are
# HTTP only). Every response carries the security headers, the Content-Security-Policy included.

locals {
  # AWS-managed cache policies.
  caching_optimized = "658327ea-f89d-4fab-a63d-7e88639e58f6"
  caching_disabled  = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
}

# Security headers on every response (free): HSTS, nosniff, no framing, a strict referrer policy,
# and the Content-Security-Policy of csp.json (the same one the <meta> of index.html carries, with
# var.data_origins added to connect-src).
resource "aws_cloudfront_response_headers_policy" "security" {
  count   = var.enable_cloudfront ? 1 : 0
  name    = "${local.name}-security-headers"
  comment = "Security headers of the dashboard"

  security_headers_config {
    strict_transport_security {
      access_control_max_age_sec = 31536000
      include_subdomains         = true
      preload                    = true
      override                   = true
    }
    content_type_options {
      override = true
    }
    frame_options {
      frame_option = "DENY"
      override     = true
    }
    referrer_policy {
      referrer_policy = "strict-origin-when-cross-origin"
      override        = true
    }
    content_security_policy {
      content_security_policy = local.csp
      override                = true
    }
  }
}

resource "aws_cloudfront_origin_access_control" "s3" {
  count                             = var.enable_cloudfront ? 1 : 0
  name                              = "${local.name}-s3"
  description                       = "CloudFront reads the site and the published data"
  origin_access_control_origin_type = "s3"
  signing_behavior                  = "always"
  signing_protocol                  = "sigv4"
}

resource "aws_cloudfront_distribution" "site" {
  # checkov:skip=CKV_AWS_68: AWS WAF costs at least USD 5 a month, outside the free tier; the site is static
  # checkov:skip=CKV2_AWS_47: no WAF (see CKV_AWS_68)
  # checkov:skip=CKV2_AWS_42: no custom domain; the default *.cloudfront.net certificate is used
  # checkov:skip=CKV_AWS_174: the default certificate cannot set a minimum TLS version; a custom domain can
  # checkov:skip=CKV_AWS_374: customers may open the dashboard from anywhere
  # checkov:skip=CKV_AWS_310: one region and one bucket per origin; failover would double storage
  count               = var.enable_cloudfront ? 1 : 0
  enabled             = true
  comment             = "${local.name}: app and published data"
  default_root_object = "index.html"
  price_class         = "PriceClass_100"
  http_version        = "http2and3"

  origin {
    origin_id                = "site"
    domain_name              = aws_s3_bucket.site.bucket_regional_domain_name
    origin_access_control_id = aws_cloudfront_origin_access_control.s3[0].id
  }

  default_cache_behavior {
    target_origin_id           = "site"
    viewer_protocol_policy     = "redirect-to-https"
    allowed_methods            = ["GET", "HEAD"]
    cached_methods             = ["GET", "HEAD"]
    cache_policy_id            = local.caching_optimized
    compress                   = true
    response_headers_policy_id = aws_cloudfront_response_headers_policy.security[0].id
  }

  # The data under /data/: the manifest is never cached (it names the current publication), the
  # files of a publication never change (data/v/<publication>/…). First match wins.
  dynamic "ordered_cache_behavior" {
    for_each = [
      { path = "/data/manifest.json", cache_policy = local.caching_disabled },
      { path = "/data/*", cache_policy = local.caching_optimized },
    ]
    content {
      path_pattern               = ordered_cache_behavior.value.path
      target_origin_id           = "site"
      viewer_protocol_policy     = "redirect-to-https"
      allowed_methods            = ["GET", "HEAD"]
      cached_methods             = ["GET", "HEAD"]
      cache_policy_id            = ordered_cache_behavior.value.cache_policy
      compress                   = true
      response_headers_policy_id = aws_cloudfront_response_headers_policy.security[0].id
    }
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = true
    minimum_protocol_version       = "TLSv1.2_2021"
  }

  logging_config {
    bucket = aws_s3_bucket.logs.bucket_domain_name
    prefix = "cloudfront/"
  }
}
