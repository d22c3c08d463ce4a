output "site_website_url" {
  description = "The app on the S3 website endpoint (HTTP only: no service worker)."
  value       = local.website_origin
}

output "site_url" {
  description = "The app over HTTPS through CloudFront (null when CloudFront is disabled)."
  value       = var.enable_cloudfront ? "https://${aws_cloudfront_distribution.site[0].domain_name}/" : null
}

output "site_bucket" {
  description = "Bucket the deploy command uploads the built app to."
  value       = aws_s3_bucket.site.bucket
}

output "lake_bucket" {
  description = "Data-lake bucket; published data goes under data/."
  value       = aws_s3_bucket.lake.bucket
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
  description = "Base URL of the published data for the app's ?data= (the lake directly when public_data, else CloudFront's /data/; null when neither)."
  value       = var.public_data ? "https://${aws_s3_bucket.lake.bucket_regional_domain_name}/data/" : (var.enable_cloudfront ? "https://${aws_cloudfront_distribution.site[0].domain_name}/data/" : null)
}
