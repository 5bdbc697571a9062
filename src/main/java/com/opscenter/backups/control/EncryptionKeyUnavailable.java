package com.opscenter.backups.control;

import com.opscenter.platform.control.DomainException;

/**
 * An encrypted backup that the configured keys do not open (no key, a wrong passphrase, a private key not among
 * the configured ones): the request is fine, the server lacks the key. The message names key ids, never a secret.
 */
public final class EncryptionKeyUnavailable extends DomainException {

    public EncryptionKeyUnavailable(String message) {
        super(Kind.CONFLICT, message);
    }
}
