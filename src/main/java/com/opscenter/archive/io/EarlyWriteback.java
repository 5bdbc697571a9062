package com.opscenter.archive.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Starts writing a restore's data to disk while the restore still writes: each time another {@code everyBytes}
 * were written, a flush of the file system ({@code sync -f}, as {@link DirectoryHandles#syncTree} runs at the end)
 * starts beside the restore, at most one at a time. Without it the page cache holds the whole restore (the
 * kernel starts writing back only past a tenth of the host's memory, or after 30 s) and the final flush then
 * waits for all of it; with it the disk writes while the archive is decompressed and the final flush finds little
 * left. Best effort: a flush that cannot start is skipped, as the final one is what makes the restore durable.
 * One writer calls it; the flush runs as a process, so no thread of ours waits for it.
 */
public final class EarlyWriteback implements AutoCloseable {

    private final Path folder;
    private final long everyBytes;
    private long nextAt;
    private Process running;
    private boolean unavailable;
    private int started;

    public EarlyWriteback(Path folder, long everyBytes) {
        if (everyBytes <= 0) {
            throw new IllegalArgumentException("everyBytes must be positive: " + everyBytes);
        }
        this.folder = folder.toAbsolutePath();
        this.everyBytes = everyBytes;
        this.nextAt = everyBytes;
    }

    /** The restore has written {@code bytesSoFar} in all; starts a flush when due and none is running. */
    public void written(long bytesSoFar) {
        if (unavailable || bytesSoFar < nextAt || (running != null && running.isAlive())) {
            return;
        }
        nextAt = bytesSoFar + everyBytes;
        try {
            running = DirectoryHandles.startSyncFileSystem(folder);
            started++;
        } catch (IOException e) {
            unavailable = true;
        }
    }

    /** Flushes started so far (for tests). */
    int started() {
        return started;
    }

    /** The flush started last, or null (for tests). */
    Process lastStarted() {
        return running;
    }

    /** A flush still running is stopped: the caller flushes at the end or is abandoning what it wrote. */
    @Override
    public void close() {
        if (running != null && running.isAlive()) {
            running.destroy();
        }
    }
}
