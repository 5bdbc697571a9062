package com.opscenter.cloud.boundary;

import jakarta.validation.constraints.Pattern;

/**
 * The spec's sync: {@code upload} (local to cloud, the default) or {@code download} (cloud to local). With several
 * cloud targets, {@code from} names a target whose backups are copied to the one {@code ?target=} names (upload
 * only).
 */
public record CloudSyncRequest(
        @Pattern(regexp = "upload|download", message = "must be upload or download")
        String direction,

        @Pattern(regexp = "[A-Za-z][A-Za-z0-9]{0,19}", message = "must be the name of a cloud target")
        String from) {}
