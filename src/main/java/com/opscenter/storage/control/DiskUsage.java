package com.opscenter.storage.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Space of the file system that holds a path, as {@code df} counts it: used is what is allocated, free is
 * what an unprivileged writer can still use.
 */
public record DiskUsage(long total, long used, long free) {

    /** Usage of the file system of {@code path}, or of its nearest existing parent when it does not exist yet. */
    public static DiskUsage of(Path path) {
        var existing = path.toAbsolutePath();
        while (!Files.exists(existing) && existing.getParent() != null) {
            existing = existing.getParent();
        }
        try {
            var store = Files.getFileStore(existing);
            return new DiskUsage(
                    store.getTotalSpace(), store.getTotalSpace() - store.getUnallocatedSpace(), store.getUsableSpace());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read disk usage of " + existing, e);
        }
    }

    /** Used share of the space available to users, one decimal, as {@code df}'s Use% computes it. */
    public double percentUsed() {
        var denominator = used + free;
        return denominator == 0 ? 0 : Math.round(used * 1000.0 / denominator) / 10.0;
    }
}
