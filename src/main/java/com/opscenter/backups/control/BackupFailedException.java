package com.opscenter.backups.control;

import java.io.IOException;

/** A backup that did not produce an archive; its temporary files are already gone when this is thrown. */
public class BackupFailedException extends IOException {

    public enum Reason {
        DISK_FULL,
        CANCELLED,
        SOURCE_MISSING,
        IO_ERROR
    }

    private final Reason reason;

    public BackupFailedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
