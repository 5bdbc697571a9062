package com.opscenter.archive;

/**
 * A restore refused because the destination's file system lacks the room for what the archive expands to.
 * Like every refusal, nothing of the restore is left on disk.
 */
public class InsufficientSpaceException extends RestoreRejectedException {

    private final long needed;
    private final long available;

    public InsufficientSpaceException(String entry, long needed, long available) {
        super(
                entry,
                "not enough free space: the restore needs " + needed + " bytes, the destination's file system has "
                        + available);
        this.needed = needed;
        this.available = available;
    }

    public long needed() {
        return needed;
    }

    public long available() {
        return available;
    }
}
