package com.opscenter.archive;

import java.io.IOException;

/**
 * An archive refused because reading it would take more memory than any archive of ours needs: a compression
 * dictionary or window, or an entry header (long name, PAX records) far larger than ours ever are.
 */
final class ArchiveLimitException extends IOException {

    ArchiveLimitException(String what, Throwable cause) {
        super("archive refused: " + what, cause);
    }
}
