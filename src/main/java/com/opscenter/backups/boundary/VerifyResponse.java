package com.opscenter.backups.boundary;

import java.util.List;

public record VerifyResponse(
        String backupId, boolean valid, boolean checksumMatch, String integrityCheck, List<String> errors) {}
