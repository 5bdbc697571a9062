package com.opscenter.archive;

/**
 * Tuning of the archive writer. {@code readers}: threads reading file contents ahead of the archiving thread;
 * {@code readAheadBytes}: the file contents they may hold in memory together.
 */
public record EngineOptions(int readers, long readAheadBytes) {

    public EngineOptions {
        if (readers < 1 || readAheadBytes < 1) {
            throw new IllegalArgumentException("readers and readAheadBytes must be positive");
        }
    }

    public static EngineOptions defaults() {
        return new EngineOptions(2, 16L << 20);
    }

    public EngineOptions withReaders(int count) {
        return new EngineOptions(count, readAheadBytes);
    }
}
