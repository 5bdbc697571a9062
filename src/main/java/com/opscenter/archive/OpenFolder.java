package com.opscenter.archive;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A folder of the backup walk, open as a handle, shared by the walk and the entries queued from it (their files
 * are opened and looked at through it) and closed when the last of them lets go. {@code open} counts the open
 * folders of one walk, so the read-ahead can hold the walk back before it holds too many.
 */
final class OpenFolder {

    private final SecureDirectoryStream<Path> handle;
    private final AtomicInteger refs = new AtomicInteger(1);
    private final AtomicInteger open;

    OpenFolder(SecureDirectoryStream<Path> handle, AtomicInteger open) {
        this.handle = handle;
        this.open = open;
        open.incrementAndGet();
    }

    SecureDirectoryStream<Path> handle() {
        return handle;
    }

    /** How many folders of this walk are open now. */
    int openFolders() {
        return open.get();
    }

    OpenFolder retain() {
        refs.incrementAndGet();
        return this;
    }

    void release() {
        if (refs.decrementAndGet() == 0) {
            open.decrementAndGet();
            try {
                handle.close();
            } catch (IOException ignored) {
                // a read-only handle: nothing was lost
            }
        }
    }
}
