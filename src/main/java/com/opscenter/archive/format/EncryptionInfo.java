package com.opscenter.archive.format;

import java.util.List;
import java.util.Objects;

/**
 * How an archive is encrypted, as its sidecar records it: {@code mode} ({@code passphrase} or {@code public_key})
 * and the fingerprints of the keys it is encrypted for (none for a passphrase). Never a secret.
 */
public record EncryptionInfo(String mode, List<String> keys) {

    public EncryptionInfo {
        Objects.requireNonNull(mode, "mode");
        keys = List.copyOf(keys == null ? List.of() : keys);
    }
}
