package com.opscenter.archive;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a caller does around the reading of one source, such as stopping the containers that write it. The engine
 * reads the sources one after another; a source with hooks is a barrier: nothing of it is looked at before
 * {@link #beforeRead} returned (the metadata-only pre-scan that sizes the progress excepted), and nothing of a
 * later source before {@link #afterRead} returned, which comes only once the last byte of the source is in the
 * archive. Both run on the engine's walker thread.
 */
public interface SourceHooks {

    /**
     * Runs before the first byte of the source is read. Returns finished files the archive stores as
     * {@code dumps/<name>} (see {@link com.opscenter.archive.format.ArchiveFormat#DUMPS_PREFIX}), after the source;
     * the caller owns them and removes them once the archive is written. Throwing fails the archive.
     */
    List<Dump> beforeRead() throws IOException;

    /**
     * Runs once the last byte of the source was read, and also when {@link #beforeRead} threw or the archive failed
     * meanwhile: exactly once for every call of {@link #beforeRead}. It runs with the thread's interrupt cleared, so
     * it can still talk to the outside world while a failed archive is being torn down; it must not throw.
     */
    void afterRead();

    /** A file to store in the archive as {@code dumps/<name>}; {@code name} is one plain file name. */
    record Dump(String name, Path file) {
        private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,254}");

        public Dump {
            Objects.requireNonNull(file, "file");
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("invalid dump name '" + name + "'");
            }
        }
    }
}
