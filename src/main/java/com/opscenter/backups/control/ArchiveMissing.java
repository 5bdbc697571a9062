package com.opscenter.backups.control;

import com.opscenter.platform.control.DomainException;

/** The catalog knows the backup, but its archive vanished from the disk; the backup is now marked missing. */
public final class ArchiveMissing extends DomainException {

    public ArchiveMissing(String message) {
        super(Kind.GONE, message);
    }
}
