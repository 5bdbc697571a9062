package com.opscenter.archive;

import java.io.IOException;

/**
 * An archive that could not be written, with the reason (disk full, cancelled, source missing, I/O error). Its
 * temporary files are already gone when this is thrown.
 */
public class ArchiveWriteException extends IOException {

    public enum Reason {
        DISK_FULL,
        CANCELLED,
        SOURCE_MISSING,
        IO_ERROR
    }

    private final Reason reason;

    public ArchiveWriteException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
