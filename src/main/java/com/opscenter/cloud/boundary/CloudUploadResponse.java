package com.opscenter.cloud.boundary;

public record CloudUploadResponse(boolean success, String backupId, String cloudState, String message) {}
