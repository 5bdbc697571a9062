package com.opscenter.storage.control;

import java.time.Instant;
import java.util.List;

/**
 * What one walk of a volume found. {@code unreadable} counts every entry that could not be read; {@code problems}
 * keeps the first few of them, with reasons, for recommendations and error lists.
 */
public record TreeStats(
        long size,
        long totalFiles,
        Instant lastAccessed,
        List<FileInfo> largestFiles,
        long unreadable,
        List<String> problems,
        boolean rootUnreadable) {

    public TreeStats {
        largestFiles = List.copyOf(largestFiles);
        problems = List.copyOf(problems);
    }

    /** A regular file, its path relative to the volume. */
    public record FileInfo(String name, String path, long size, Instant modified) {}
}
