package com.opscenter.cloud.control;

import com.opscenter.platform.control.DomainException;

/**
 * A cloud operation was asked for while CLOUD_BACKUP_ENABLED is not true: a conflict (409), since the request is
 * fine and the server is not set up for it.
 */
public class CloudDisabledException extends DomainException {

    public CloudDisabledException() {
        super(
                Kind.CONFLICT,
                "Cloud backups are not enabled (set CLOUD_BACKUP_ENABLED=true and the other CLOUD_BACKUP_* variables)",
                false);
    }
}
