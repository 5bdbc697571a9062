package com.opscenter.archive.crypt;

import java.io.IOException;

/**
 * An encrypted archive that none of the configured keys opens (no key configured, a wrong passphrase, a private
 * key that is not among the configured ones). The message names key ids, never a secret.
 */
public class ArchiveKeyException extends IOException {

    public ArchiveKeyException(String message) {
        super(message);
    }

    public ArchiveKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
