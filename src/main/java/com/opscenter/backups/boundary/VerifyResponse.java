package com.opscenter.backups.boundary;

import jakarta.json.bind.annotation.JsonbProperty;
import java.util.List;

public record VerifyResponse(
        @JsonbProperty("backup_id") String backupId,
        boolean valid,
        @JsonbProperty("checksum_match") boolean checksumMatch,
        @JsonbProperty("integrity_check") String integrityCheck,
        List<String> errors) {}
