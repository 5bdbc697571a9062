package com.opscenter.cloud.control;

import java.util.List;

/** What the bucket holds under the prefix: our backups, and every other key with why it was left alone. */
public record BucketListing(List<BucketBackup> backups, List<String> ignored) {}
