package com.opscenter.archive.format;

/** A manifest or sidecar written by a newer version of the format than this code reads. */
public class UnsupportedVersionException extends IllegalArgumentException {

    public UnsupportedVersionException(String message) {
        super(message);
    }
}
