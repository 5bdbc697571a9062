package com.opscenter.backups.boundary;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

public record CreateBackupRequest(
        @Pattern(regexp = "manual", message = "must be \"manual\"; scheduled backups are made by the scheduler")
        String backupType,

        @Size(max = 1000, message = "lists at most 1000 volumes")
        List<@Size(min = 1, max = 255, message = "volume names are 1 to 255 characters") String> includeVolumes,

        @Size(max = 1000, message = "is at most 1000 characters")
        String description,

        /* full or incremental; absent: incremental when the configuration enables it, else full */
        @Pattern(regexp = "full|incremental", message = "must be \"full\" or \"incremental\"")
        @Schema(
                description = "full or incremental; absent: incremental when the configuration's "
                        + "incremental.enabled is true, else full")
        String mode) {}
