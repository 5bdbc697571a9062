package com.opscenter.archive;

/**
 * Tuning of the archive writer. {@code readers}: threads reading file contents ahead of the archiving thread, and
 * walking folders in the pre-scan; {@code readAheadBytes}: the file contents they may hold in memory together.
 */
public record EngineOptions(int readers, long readAheadBytes) {

    public EngineOptions {
        if (readers < 1 || readAheadBytes < 1) {
            throw new IllegalArgumentException("readers and readAheadBytes must be positive");
        }
    }

    public static EngineOptions defaults() {
        // Four, not one per core: on a cold page cache the readers wait on the disk, not the CPU, and a small-file
        // tree reads about twice as fast with four requests in flight as with two (issue 13's profile). 8 MiB of
        // read-ahead, not 16: it is on the heap a sidecar keeps small (bench/memory), and 32 chunks in flight
        // still keep the compressor fed.
        return new EngineOptions(4, 8L << 20);
    }

    public EngineOptions withReaders(int count) {
        return new EngineOptions(count, readAheadBytes);
    }
}
