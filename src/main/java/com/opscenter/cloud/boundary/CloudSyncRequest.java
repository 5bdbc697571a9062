package com.opscenter.cloud.boundary;

import jakarta.validation.constraints.Pattern;

/** The spec's sync: {@code upload} (local to cloud, the default) or {@code download} (cloud to local). */
public record CloudSyncRequest(
        @Pattern(regexp = "upload|download", message = "must be upload or download")
        String direction) {}
