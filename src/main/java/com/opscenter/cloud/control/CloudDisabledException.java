package com.opscenter.cloud.control;

/** A cloud operation was asked for while CLOUD_BACKUP_ENABLED is not true. */
public class CloudDisabledException extends RuntimeException {

    public CloudDisabledException() {
        super(
                "Cloud backups are not enabled (set CLOUD_BACKUP_ENABLED=true and the other CLOUD_BACKUP_* variables)",
                null,
                false,
                false);
    }
}
