package com.opscenter.backups.control;

import jakarta.enterprise.context.Dependent;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The key material of encrypted backups, from the deployment (environment, or files it names), never from the
 * database or the API. Which archives are encrypted is the backup configuration's {@code encryption}. The values
 * are secrets: nothing here is logged, returned or audited.
 */
@ConfigProperties(prefix = "backup.encryption")
@Dependent
public class EncryptionSettings {

    /** The passphrase new archives are encrypted with (when no public key is configured). */
    @ConfigProperty(name = "passphrase")
    Optional<String> passphrase;

    /**
     * A file whose first line is the passphrase (instead of {@link #passphrase}); further lines are earlier
     * passphrases, tried when an older archive is read.
     */
    @ConfigProperty(name = "passphrase.file")
    Optional<String> passphraseFile;

    /** Armored public key files (comma-separated): new archives are encrypted for all of them. */
    @ConfigProperty(name = "public.keys.file")
    Optional<String> publicKeysFile;

    /** Armored private key files (comma-separated), current and earlier keys: restore, contents, full verify. */
    @ConfigProperty(name = "private.keys.file")
    Optional<String> privateKeysFile;

    @ConfigProperty(name = "private.key.passphrase")
    Optional<String> privateKeyPassphrase;

    /** A file holding the private keys' passphrase (its first line), instead of {@link #privateKeyPassphrase}. */
    @ConfigProperty(name = "private.key.passphrase.file")
    Optional<String> privateKeyPassphraseFile;

    @Override
    public String toString() {
        // Never the values: this object holds secrets.
        return "EncryptionSettings";
    }
}
