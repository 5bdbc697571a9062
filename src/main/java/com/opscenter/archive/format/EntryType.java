package com.opscenter.archive.format;

import java.util.Arrays;

/** The kinds of archive entry a backup holds; anything else is refused on restore. */
public enum EntryType {
    FILE("file"),
    DIRECTORY("directory"),
    SYMLINK("symlink"),
    HARDLINK("hardlink"),
    /** A named pipe; only in manifests of version 2, which the writer uses only for archives holding one. */
    FIFO("fifo");

    private final String jsonName;

    EntryType(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }

    public static EntryType fromJsonName(String name) {
        return Arrays.stream(values())
                .filter(t -> t.jsonName.equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown entry type '" + name + "'"));
    }
}
