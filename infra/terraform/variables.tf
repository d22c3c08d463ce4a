variable "name_prefix" {
  description = "Prefix of every resource name, and of the bucket names (which are global): lowercase letters, digits and hyphens."
  type        = string
  default     = "cx-analytics"

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{2,30}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix must be 4–32 characters of lowercase letters, digits and hyphens, starting and ending with a letter or digit."
  }
}

variable "environment" {
  description = "Deployment stage, part of every name."
  type        = string
  default     = "prod"

  validation {
    condition     = contains(["dev", "test", "prod"], var.environment)
    error_message = "environment must be dev, test or prod."
  }
}

variable "region" {
  description = "AWS region of the buckets, Glue, Athena and the alarms."
  type        = string
  default     = "us-east-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.region))
    error_message = "region must look like us-east-1 or sa-east-1."
  }
}

variable "alert_email" {
  description = "Address that receives the alarm and budget notifications. Never commit it: set it in terraform.tfvars (see terraform.tfvars.example)."
  type        = string
  sensitive   = true

  validation {
    condition     = can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", var.alert_email))
    error_message = "alert_email must be an e-mail address."
  }
}

variable "site_origins" {
  description = "Extra origins allowed to read the data bucket with CORS (the CloudFront and website origins are always allowed), e.g. http://localhost:8501."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for o in var.site_origins : can(regex("^https?://[^/]+$", o))])
    error_message = "Each origin must be scheme://host[:port] with no path."
  }
}

variable "monthly_budget_usd" {
  description = "Monthly cost budget in USD."
  type        = number
  default     = 1

  validation {
    condition     = var.monthly_budget_usd > 0 && var.monthly_budget_usd <= 100
    error_message = "monthly_budget_usd must be more than 0 and at most 100."
  }
}

variable "budget_actual_alert_usd" {
  description = "Actual month-to-date cost, in USD, that triggers the first budget alert."
  type        = number
  default     = 0.5

  validation {
    condition     = var.budget_actual_alert_usd > 0
    error_message = "budget_actual_alert_usd must be positive."
  }
}

variable "athena_bytes_scanned_cutoff" {
  description = "Per-query scan limit of the Athena workgroup, bytes (Athena's minimum is 10 MB)."
  type        = number
  default     = 104857600

  validation {
    condition     = var.athena_bytes_scanned_cutoff >= 10485760
    error_message = "athena_bytes_scanned_cutoff must be at least 10485760 (10 MB), Athena's minimum."
  }
}

variable "lake_bucket_size_alarm_bytes" {
  description = "Alarm when the site and data bucket grows beyond this many bytes (4 GB keeps S3 within the free tier's 5 GB)."
  type        = number
  default     = 4294967296
}

variable "log_retention_days" {
  description = "Retention of the CloudWatch log group and of the access-log bucket, days."
  type        = number
  default     = 7

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90], var.log_retention_days)
    error_message = "log_retention_days must be a value CloudWatch accepts: 1, 3, 5, 7, 14, 30, 60 or 90."
  }
}

variable "enable_cloudfront" {
  description = "Serve the site through CloudFront (HTTPS, needed for the service worker; the bucket stays private). Off: the S3-website option (HTTP website endpoint, public-read bucket), e.g. where an emulator lacks CloudFront."
  type        = bool
  default     = true
}

variable "data_origins" {
  description = "Origins besides the site's own that the app may read data from with ?data= (the Content-Security-Policy's connect-src). Default none: a link can make the official site read only its own data."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for o in var.data_origins : can(regex("^https?://[A-Za-z0-9.-]+(:[0-9]+)?$", o))])
    error_message = "Each data origin must be scheme://host[:port] with no path."
  }
}

variable "enforce_tls" {
  description = "Deny every request to the private buckets that does not use TLS. Off only for an emulator reached over plain HTTP."
  type        = bool
  default     = true
}

variable "enable_budget" {
  description = "Create the AWS Budgets budget. Off only where the emulator lacks Budgets."
  type        = bool
  default     = true
}

variable "endpoint_url" {
  description = "Tests only: the URL of an AWS emulator that receives every call (e.g. http://127.0.0.1:4566). Leave null for AWS."
  type        = string
  default     = null

  validation {
    condition     = var.endpoint_url == null || can(regex("^http://(127\\.0\\.0\\.1|localhost):[0-9]+$", var.endpoint_url))
    error_message = "endpoint_url must be a loopback URL such as http://127.0.0.1:4566."
  }
}
