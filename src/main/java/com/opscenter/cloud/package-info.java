/**
 * Off-site copies of backups in S3-compatible storage (AWS S3, Backblaze B2, Wasabi, MinIO): automatic upload
 * with retries, manual upload, download, delete and sync, retention of the cloud copies, and disaster recovery
 * from the bucket alone, because every archive travels with its sidecar.
 */
package com.opscenter.cloud;
