resource "aws_cloudwatch_log_group" "app" {
  # checkov:skip=CKV_AWS_338: 7-day retention by design, to stay within the free tier
  # checkov:skip=CKV_AWS_158: no customer-managed KMS key, to stay within the free tier; CloudWatch encrypts at rest anyway
  name              = "/${var.name_prefix}/${var.environment}"
  retention_in_days = var.log_retention_days
}

# No server-side encryption on the topic: CloudWatch alarms cannot publish to a topic encrypted
# with the AWS-managed aws/sns key (its key policy does not let CloudWatch use it), and a
# customer-managed key costs USD 1 a month, the whole budget. The messages carry alarm names and
# figures only, no personal data; they travel over TLS.
resource "aws_sns_topic" "alerts" {
  # checkov:skip=CKV_AWS_26: see above: CloudWatch cannot use aws/sns, a customer-managed KMS key is outside the budget, the messages hold no personal data
  name = "${local.name}-alerts"
}

# Only this account's CloudWatch alarms and Budgets may publish to the topic.
data "aws_iam_policy_document" "alerts" {
  statement {
    sid       = "AlarmsAndBudgetsPublish"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.alerts.arn]
    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com", "budgets.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_sns_topic_policy" "alerts" {
  arn    = aws_sns_topic.alerts.arn
  policy = data.aws_iam_policy_document.alerts.json
}

resource "aws_sns_topic_subscription" "email" {
  topic_arn = aws_sns_topic.alerts.arn
  protocol  = "email"
  endpoint  = var.alert_email
}

resource "aws_cloudwatch_metric_alarm" "lake_size" {
  alarm_name          = "${local.name}-lake-size"
  alarm_description   = "The site and data bucket is near the free tier's 5 GB of S3 storage"
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
    BucketName  = aws_s3_bucket.site.bucket
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
