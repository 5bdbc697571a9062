package com.opscenter.archive;

import java.io.IOException;

/**
 * A restore refused because the archive is hostile, corrupt or over a limit, or the destination is unusable.
 * Nothing of the restore is left on disk when this is thrown.
 */
public class RestoreRejectedException extends IOException {

    private final String entry;
    private final String reason;

    public RestoreRejectedException(String entry, String reason) {
        this(entry, reason, null);
    }

    public RestoreRejectedException(String entry, String reason, Throwable cause) {
        super(entry == null ? reason : "entry '" + entry + "': " + reason, cause);
        this.entry = entry;
        this.reason = reason;
    }

    /** The archive entry at fault, or null when the fault is not one entry's. */
    public String entry() {
        return entry;
    }

    public String reason() {
        return reason;
    }
}
