package com.opscenter.backups.control;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;

/** Sends a byte range of an archive to a client. */
public final class ArchiveStreams {

    private ArchiveStreams() {}

    /**
     * Sends {@code length} bytes from {@code start}. A file that shrinks while it is sent (truncated, or replaced
     * by a shorter one) ends the download with an error: {@code transferTo} answers 0 at the end of a file, and
     * asking again would spin forever.
     */
    public static void send(FileChannel file, long start, long length, WritableByteChannel target) throws IOException {
        for (long sent = 0; sent < length; ) {
            var moved = file.transferTo(start + sent, length - sent, target);
            if (moved <= 0) {
                throw new IOException("The archive ended at byte " + (start + sent) + " of the " + (start + length)
                        + " being sent; it changed on disk during the download");
            }
            sent += moved;
        }
    }
}
