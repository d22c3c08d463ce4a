output "site_website_url" {
  description = "The app on the S3 website endpoint (HTTP only: no service worker); null with CloudFront, which is then the only way in."
  value       = local.website_origin
}

output "site_url" {
  description = "The app over HTTPS through CloudFront (null when CloudFront is disabled)."
  value       = var.enable_cloudfront ? "https://${aws_cloudfront_distribution.site[0].domain_name}/" : null
}

output "site_bucket" {
  description = "Bucket of the app (at its root) and of the published data (under data/)."
  value       = aws_s3_bucket.site.bucket
}

output "csp_connect_src" {
  description = "Origins the app may read data from besides its own (the deploy writes them into index.html's <meta> policy)."
  value       = join(" ", var.data_origins)
}

output "content_security_policy" {
  description = "The Content-Security-Policy CloudFront sends."
  value       = local.csp
}

output "athena_results_bucket" {
  description = "Bucket of Athena query results."
  value       = aws_s3_bucket.athena_results.bucket
}

output "logs_bucket" {
  description = "Bucket of access logs."
  value       = aws_s3_bucket.logs.bucket
}

output "glue_database" {
  description = "Glue database holding one table per dataset."
  value       = aws_glue_catalog_database.lake.name
}

output "glue_crawler" {
  description = "Name of the Glue crawler."
  value       = aws_glue_crawler.lake.name
}

output "athena_workgroup" {
  description = "Athena workgroup with the KPI named queries."
  value       = aws_athena_workgroup.analytics.name
}

output "role_arns" {
  description = "ARNs of CustomerSatisfactionRole, DataScientistRole and AdminRole."
  value = {
    reader         = aws_iam_role.reader.arn
    data_scientist = aws_iam_role.data_scientist.arn
    admin          = aws_iam_role.admin.arn
  }
}

output "alerts_topic_arn" {
  description = "SNS topic of the alarms."
  value       = aws_sns_topic.alerts.arn
}

output "data_url" {
  description = "Base URL of the published data (the app reads it as ./data/ next to itself)."
  value       = var.enable_cloudfront ? "https://${aws_cloudfront_distribution.site[0].domain_name}/data/" : "${local.website_origin}/data/"
}
