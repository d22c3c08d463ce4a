resource "aws_cloudwatch_log_group" "app" {
  # checkov:skip=CKV_AWS_338: 7-day retention by design, to stay within the free tier
  # checkov:skip=CKV_AWS_158: no customer-managed KMS key, to stay within the free tier; CloudWatch encrypts at rest anyway
  name              = "/${var.name_prefix}/${var.environment}"
  retention_in_days = var.log_retention_days
}

resource "aws_sns_topic" "alerts" {
  name              = "${local.name}-alerts"
  kms_master_key_id = "alias/aws/sns"
}

resource "aws_sns_topic_subscription" "email" {
  topic_arn = aws_sns_topic.alerts.arn
  protocol  = "email"
  endpoint  = var.alert_email
}

resource "aws_cloudwatch_metric_alarm" "lake_size" {
  alarm_name          = "${local.name}-lake-size"
  alarm_description   = "The data lake is near the free tier's 5 GB of S3 storage"
  namespace           = "AWS/S3"
  metric_name         = "BucketSizeBytes"
  statistic           = "Maximum"
  period              = 86400
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.lake_bucket_size_alarm_bytes
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alerts.arn]
  dimensions = {
    BucketName  = aws_s3_bucket.lake.bucket
    StorageType = "StandardStorage"
  }
}

resource "aws_cloudwatch_metric_alarm" "athena_scanned" {
  alarm_name          = "${local.name}-athena-bytes-scanned"
  alarm_description   = "Athena scanned more than 1 GB in a day (USD 5 per TB; the workgroup also cuts off each query)"
  namespace           = "AWS/Athena"
  metric_name         = "ProcessedBytes"
  statistic           = "Sum"
  period              = 86400
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 1073741824
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alerts.arn]
  dimensions = {
    WorkGroup = aws_athena_workgroup.analytics.name
  }
}

resource "aws_cloudwatch_metric_alarm" "cloudfront_5xx" {
  count               = var.enable_cloudfront ? 1 : 0
  alarm_name          = "${local.name}-cloudfront-5xx"
  alarm_description   = "More than 5 % of CloudFront responses are server errors"
  namespace           = "AWS/CloudFront"
  metric_name         = "5xxErrorRate"
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 3
  comparison_operator = "GreaterThanThreshold"
  threshold           = 5
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alerts.arn]
  dimensions = {
    DistributionId = aws_cloudfront_distribution.site[0].id
    Region         = "Global"
  }
}
