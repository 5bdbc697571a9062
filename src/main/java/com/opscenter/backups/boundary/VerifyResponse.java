package com.opscenter.backups.boundary;

import jakarta.json.bind.annotation.JsonbNillable;
import java.util.List;

/**
 * {@code entries_checked} is false for an encrypted archive no configured key opens: only its SHA-256 was checked,
 * and {@code warning} says so (null otherwise).
 */
public record VerifyResponse(
        String backupId,
        boolean valid,
        boolean checksumMatch,
        String integrityCheck,
        List<String> errors,
        boolean entriesChecked,
        @JsonbNillable String warning) {}
