package com.opscenter.archive;

import java.io.IOException;

/**
 * A backup an increment depends on (one whose archive holds some of its files) is not available, so the increment
 * cannot be restored. Names the missing backup and, once known, the backup that needs it.
 */
public class ChainLinkMissingException extends IOException {

    private final String missing;
    private final String neededBy;
    private final String why;

    /** {@code neededBy} may be null when the caller does not know it yet; {@code why} may be null. */
    public ChainLinkMissingException(String missing, String neededBy, String why) {
        super("backup " + missing + (neededBy == null ? "" : ", which " + neededBy + " depends on,") + " is missing"
                + (why == null ? "" : ": " + why));
        this.missing = missing;
        this.neededBy = neededBy;
        this.why = why;
    }

    public String missing() {
        return missing;
    }

    /** The backup that depends on the missing one, or null when not known. */
    public String neededBy() {
        return neededBy;
    }

    public String why() {
        return why;
    }

    /** This, or the same with {@code backupId} as the backup that needs the missing one when that was not known. */
    public ChainLinkMissingException neededBy(String backupId) {
        if (neededBy != null || backupId == null) {
            return this;
        }
        var named = new ChainLinkMissingException(missing, backupId, why);
        named.initCause(getCause() != null ? getCause() : this);
        return named;
    }
}
