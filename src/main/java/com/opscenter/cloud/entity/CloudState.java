package com.opscenter.cloud.entity;

import java.util.Locale;

/** Where the off-site copy of a backup stands. A backup without a row is {@code not_uploaded}. */
public enum CloudState {
    NOT_UPLOADED,
    UPLOADING,
    UPLOADED,
    FAILED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
