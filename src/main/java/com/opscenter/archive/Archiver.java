package com.opscenter.archive;

import com.opscenter.archive.crypt.ArchiveEncryption;
import com.opscenter.archive.format.ArchiveFormat;
import com.opscenter.archive.format.BackupSidecar;
import com.opscenter.archive.io.DurableFiles;
import com.opscenter.archive.io.HeapBuffers;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.function.UnaryOperator;

/**
 * Writes one backup ({@link ArchiveSpec} in, {@link ArchiveResult} out): a POSIX/PAX tar of the sources,
 * compressed with the chosen codec, with the manifest as its last entry, a SHA-256 of the archive file, and the
 * sidecar next to it (see {@link ArchiveFormat}), and the local index beside them. The archive appears under its final name only once complete
 * and on disk; on any failure the temporary files are removed.
 *
 * <p>Threads (read-ahead, compression) come from the {@link ThreadFactory} handed in; in the server that is the
 * container's managed thread factory.
 */
public final class Archiver {

    static final int BUFFER_SIZE = HeapBuffers.SIZE;

    /**
     * How far an archive got. The totals come from a metadata-only count that runs beside the archive, and may drift
     * if files change: until it is done ({@code totalsKnown} false) they are the figures done so far, and at most
     * {@link #ARCHIVED_BEFORE_TOTALS} bytes of content (and one progress step) are archived. Once known they stay
     * known.
     */
    public record Progress(
            long bytesDone,
            long bytesTotal,
            long filesDone,
            long filesTotal,
            String currentEntry,
            boolean totalsKnown) {}

    /** Content archived at most before the totals are known (see {@link Progress}). */
    public static final long ARCHIVED_BEFORE_TOTALS = ArchiveWriter.ARCHIVED_BEFORE_TOTALS;

    @FunctionalInterface
    public interface ProgressListener {
        ProgressListener NONE = p -> {};

        void onProgress(Progress progress);
    }

    private final ThreadFactory threads;
    private final EngineOptions options;
    private final Clock clock;
    private final UnaryOperator<OutputStream> sinkDecorator;

    public Archiver(ThreadFactory threads) {
        this(threads, EngineOptions.defaults(), Clock.systemUTC());
    }

    public Archiver(ThreadFactory threads, EngineOptions options, Clock clock) {
        this(threads, options, clock, UnaryOperator.identity());
    }

    /**
     * What writing {@code spec} holds on the heap: the read-ahead, the copy buffers, the compressor, the index
     * being written and, for an increment, the base's index being read.
     */
    long heapBytes(ArchiveSpec spec) {
        return options.readAheadBytes()
                + (long) ReadAhead.HEAD_EXTRA * ReadAhead.CHUNK
                + 2L * BUFFER_SIZE
                + (long) (ArchiveWriter.STORE_BUFFERS + 2) * ArchiveWriter.STORE_BUFFER_SIZE
                + spec.codec().heapBytes(spec.level())
                + IndexWriter.HEAP_BYTES
                + (spec.base() == null ? 0 : ChangeDetector.HEAP_BYTES);
    }

    /** {@code sinkDecorator} wraps the stream to the archive file: a seam for faults a test cannot cause. */
    Archiver(ThreadFactory threads, EngineOptions options, Clock clock, UnaryOperator<OutputStream> sinkDecorator) {
        this.threads = Objects.requireNonNull(threads, "threads");
        this.options = Objects.requireNonNull(options, "options");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sinkDecorator = sinkDecorator;
    }

    public ArchiveResult create(ArchiveSpec spec, ProgressListener listener) throws ArchiveWriteException {
        return create(spec, null, listener);
    }

    /**
     * Whether the local index {@code index} can be an increment's base ({@link ArchiveSpec#withBase}): a regular
     * file whose header this version reads. Cheap (the first line only); an index damaged further on is found while
     * the increment is written, and what follows the damage is then stored in full, with a warning.
     */
    public static boolean usableBase(Path index) {
        return BaseIndex.usable(index);
    }

    /**
     * Writes the archive encrypted with {@code encryption} (null: not encrypted): the compressed tar inside an
     * OpenPGP message, named {@code <id><extension>.gpg}; its SHA-256 is that of the encrypted file.
     */
    public ArchiveResult create(ArchiveSpec spec, ArchiveEncryption encryption, ProgressListener listener)
            throws ArchiveWriteException {
        for (ArchiveSpec.Source s : spec.sources()) {
            if (!Files.exists(s.root(), LinkOption.NOFOLLOW_LINKS)) {
                throw new ArchiveWriteException(
                        ArchiveWriteException.Reason.SOURCE_MISSING,
                        "source " + s.root() + " (" + s.archivePrefix() + ") does not exist",
                        null);
            }
        }
        Path dir = spec.destination();
        Path tmp = ArchiveFormat.tempArchivePath(dir, spec.id());
        Path manifestTmp = ArchiveFormat.tempManifestPath(dir, spec.id());
        Path indexTmp = ArchiveFormat.tempIndexPath(dir, spec.id());
        Path index = ArchiveFormat.indexPath(dir, spec.id());
        Path archive = dir.resolve(ArchiveFormat.archiveName(spec.id(), spec.codec(), encryption != null));
        boolean success = false;
        try {
            if (Files.exists(archive, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException("archive " + archive + " already exists");
            }
            ArchiveWriter writer =
                    new ArchiveWriter(spec, encryption, listener, threads, options, clock, sinkDecorator);
            // A second xz backup (or a crowd of others) waits for room rather than fail out of memory.
            try (var memory = HeapBudget.JVM.reserve(heapBytes(spec))) {
                writer.write(tmp, manifestTmp, indexTmp);
            }
            DurableFiles.moveAtomically(tmp, archive);
            DurableFiles.moveAtomically(indexTmp, index);
            var all = new ArrayList<>(spec.warnings());
            all.addAll(writer.warnings());
            var warnings = BackupSidecar.recordedWarnings(all);
            BackupSidecar sidecar = new BackupSidecar(
                    spec.id(),
                    spec.started(),
                    clock.instant(),
                    spec.type(),
                    spec.description(),
                    spec.codec(),
                    archive.getFileName().toString(),
                    writer.archiveSize(),
                    writer.archiveSha256(),
                    writer.filesDone(),
                    writer.bytesDone(),
                    spec.volumes(),
                    spec.paths(),
                    warnings.isEmpty() ? "completed" : "completed_with_warnings",
                    warnings,
                    spec.installationId(),
                    null,
                    spec.schedule(),
                    encryption == null ? null : encryption.info(),
                    spec.base() == null
                            ? null
                            : new BackupSidecar.Increment(spec.base().id(), writer.dependsOn()));
            Path sidecarFile = sidecar.write(dir);
            success = true;
            return new ArchiveResult(archive, sidecarFile, sidecar, List.copyOf(warnings));
        } catch (IOException | RuntimeException e) {
            throw classify(spec, e);
        } finally {
            deleteQuietly(tmp);
            deleteQuietly(manifestTmp);
            deleteQuietly(indexTmp);
            if (!success) {
                deleteQuietly(archive);
                deleteQuietly(index);
                deleteQuietly(ArchiveFormat.sidecarPath(dir, spec.id()));
            }
        }
    }

    private static ArchiveWriteException classify(ArchiveSpec spec, Exception e) {
        if (e instanceof ArchiveWriteException b) {
            return b;
        }
        String where = "backup " + spec.id() + " in " + spec.destination();
        if (isDiskFull(e)) {
            return new ArchiveWriteException(
                    ArchiveWriteException.Reason.DISK_FULL, "No space left on device while writing " + where, e);
        }
        if (e instanceof ClosedByInterruptException
                || e instanceof InterruptedIOException
                || Thread.currentThread().isInterrupted()) {
            return new ArchiveWriteException(ArchiveWriteException.Reason.CANCELLED, "cancelled " + where, e);
        }
        return new ArchiveWriteException(
                ArchiveWriteException.Reason.IO_ERROR, where + " failed: " + e.getMessage(), e);
    }

    private static boolean isDiskFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.contains("No space left on device") || m.contains("Disk quota exceeded"))) {
                return true;
            }
        }
        return false;
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // the caller's start-up cleanup removes leftovers by name
        }
    }
}
