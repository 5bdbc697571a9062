package com.opscenter.archive;

import java.io.IOException;

/** An archive or sidecar that is not what it claims to be (wrong id, foreign name, checksum or content mismatch). */
public class ArchiveRejectedException extends IOException {

    public ArchiveRejectedException(String message) {
        super(message);
    }
}
