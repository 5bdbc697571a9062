package com.opscenter.archive;

import com.github.luben.zstd.ZstdIOException;
import com.github.luben.zstd.ZstdInputStream;
import com.opscenter.archive.io.HeapBuffers;
import com.opscenter.archive.io.ParallelGzipOutputStream;
import com.opscenter.archive.io.PooledBufferedInputStream;
import com.opscenter.archive.io.ZstdDirectOutputStream;
import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ThreadFactory;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.MemoryLimitException;
import org.tukaani.xz.XZInputStream;
import org.tukaani.xz.XZOutputStream;

/**
 * The compression of a backup archive: its file extension, media type and streams. The one value type for a
 * codec: the configuration, the sidecar and the catalog all hold it by its {@link #configName()}.
 */
public enum Codec {
    GZIP("gzip", ".tar.gz", "application/gzip", 6, 1, 9),
    ZSTD("zstd", ".tar.zst", "application/zstd", 3, 1, 19),
    XZ("xz", ".tar.xz", "application/x-xz", 6, 0, 9),
    BZIP2("bzip2", ".tar.bz2", "application/x-bzip2", 9, 1, 9),
    NONE("none", ".tar", "application/x-tar", 0, 0, 0);

    public static final Codec DEFAULT = GZIP;
    static final int BUFFER_SIZE = HeapBuffers.SIZE;

    /** Compression threads for the codecs that can use them; the service targets 2-core machines. */
    static final int WORKERS = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));

    private final String configName;
    private final String extension;
    private final String mediaType;
    private final int defaultLevel;
    private final int minLevel;
    private final int maxLevel;

    Codec(String configName, String extension, String mediaType, int defaultLevel, int minLevel, int maxLevel) {
        this.configName = configName;
        this.extension = extension;
        this.mediaType = mediaType;
        this.defaultLevel = defaultLevel;
        this.minLevel = minLevel;
        this.maxLevel = maxLevel;
    }

    /** The lower-case name used in the configuration and the sidecar ({@code gzip}, {@code zstd}, ...). */
    public String configName() {
        return configName;
    }

    public String extension() {
        return extension;
    }

    public String mediaType() {
        return mediaType;
    }

    public int defaultLevel() {
        return defaultLevel;
    }

    public boolean acceptsLevel(int level) {
        return level >= minLevel && level <= maxLevel;
    }

    /**
     * Heap one compressor of this codec takes at {@code level}: xz keeps its whole dictionary and match finder in
     * the Java heap (673 MiB at level 9); zstd works in native memory, gzip and bzip2 in little.
     */
    public long heapBytes(int level) {
        if (this != XZ) {
            return 0;
        }
        try {
            return new LZMA2Options(level).getEncoderMemoryUsage() * 1024L;
        } catch (org.tukaani.xz.UnsupportedOptionsException e) {
            throw new IllegalArgumentException("level " + level + " is not valid for xz", e);
        }
    }

    /**
     * Why {@code level} cannot run in a heap of {@code maxHeap} bytes (one compressor may take at most half of it,
     * so that requests and the catalog keep the rest), or empty when it can.
     */
    public java.util.Optional<String> heapProblem(int level, long maxHeap) {
        var budget = maxHeap / 2;
        if (heapBytes(level) <= budget) {
            return java.util.Optional.empty();
        }
        var highest = level;
        while (highest > minLevel && heapBytes(highest) > budget) {
            highest--;
        }
        return java.util.Optional.of(String.format(
                "compression_level %d of %s needs %d MiB of memory to compress, more than half of this"
                        + " server's %d MiB heap; use level %d or lower, or give the server more heap (-Xmx in"
                        + " jvm.options)",
                level, configName, heapBytes(level) >> 20, maxHeap >> 20, highest));
    }

    public static Codec fromName(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(c -> c.configName.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown codec '" + name + "'; expected one of gzip, zstd, xz, bzip2, none"));
    }

    /** Recognises the codec from the archive's magic bytes, so that a renamed archive still reads. */
    public static Codec detect(Path archive) throws IOException {
        byte[] head = new byte[HEAD_BYTES];
        int n;
        try (InputStream in = Files.newInputStream(archive)) {
            n = in.readNBytes(head, 0, head.length);
        }
        return detect(head, n);
    }

    /** The bytes {@link #detect(byte[], int)} looks at. */
    static final int HEAD_BYTES = 6;

    /** Recognises the codec from the first {@code n} bytes of a stream. */
    static Codec detect(byte[] head, int n) {
        if (n >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return GZIP;
        }
        if (n >= 4
                && (head[0] & 0xff) == 0x28
                && (head[1] & 0xff) == 0xb5
                && (head[2] & 0xff) == 0x2f
                && (head[3] & 0xff) == 0xfd) {
            return ZSTD;
        }
        if (n >= 6
                && (head[0] & 0xff) == 0xfd
                && head[1] == '7'
                && head[2] == 'z'
                && head[3] == 'X'
                && head[4] == 'Z'
                && head[5] == 0) {
            return XZ;
        }
        if (n >= 3 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h') {
            return BZIP2;
        }
        return NONE;
    }

    /**
     * Wraps {@code out} in this codec's compressor; closing the result finishes the stream and closes out. Codecs
     * that compress on several threads take them from {@code threads}.
     */
    public OutputStream compress(OutputStream out, int level, ThreadFactory threads) throws IOException {
        if (!acceptsLevel(level)) {
            throw new IllegalArgumentException(
                    configName + " level must be between " + minLevel + " and " + maxLevel + ", not " + level);
        }
        OutputStream compressed = switch (this) {
            case GZIP -> new ParallelGzipOutputStream(out, level, WORKERS, threads);
            case ZSTD -> new ZstdDirectOutputStream(out, level, WORKERS);
            case XZ -> new XZOutputStream(out, new LZMA2Options(level));
            case BZIP2 -> new BZip2CompressorOutputStream(out, level);
            case NONE -> out;
        };
        // The tar writer emits 10 KiB blocks; batching them saves a native call per block.
        return new BufferedOutputStream(compressed, BUFFER_SIZE);
    }

    /**
     * The largest xz decoder memory accepted, in KiB. Level 9, our highest, needs a 64 MiB dictionary (about
     * 65 MiB to decode); an archive asking for more was not written by us and would only cost memory.
     */
    static final int XZ_MEMORY_LIMIT_KIB = 80 * 1024;

    /** The largest zstd window accepted, as a power of two: 32 MiB. Our levels (up to 19) use at most 8 MiB. */
    static final int ZSTD_WINDOW_LOG_MAX = 25;

    /**
     * Wraps {@code in} in this codec's decompressor, accepting concatenated members/frames as the tools do. The
     * decompressor's memory is bounded: an archive asking for a larger xz dictionary or zstd window than ours
     * ever use is refused with {@link ArchiveLimitException}, before the memory is taken.
     */
    public InputStream decompress(InputStream in) throws IOException {
        // Both buffers are pooled: they go back when the stream is closed (a decompressor closes its input).
        InputStream buffered = new PooledBufferedInputStream(in);
        return switch (this) {
            case GZIP -> new PooledBufferedInputStream(new GZIPInputStream(buffered, 64 * 1024));
            case ZSTD ->
                new PooledBufferedInputStream(
                        new Bounded(new ZstdInputStream(buffered).setLongMax(ZSTD_WINDOW_LOG_MAX)));
            case XZ -> new PooledBufferedInputStream(new Bounded(new XZInputStream(buffered, XZ_MEMORY_LIMIT_KIB)));
            case BZIP2 -> new PooledBufferedInputStream(new BZip2CompressorInputStream(buffered, true));
            case NONE -> buffered;
        };
    }

    /** Says in words when a decompressor refused an archive for the memory it asks for. */
    private static final class Bounded extends FilterInputStream {
        /** ZSTD_error_frameParameter_windowTooLarge. */
        private static final long ZSTD_WINDOW_TOO_LARGE = 16;

        Bounded(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                throw translate(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                throw translate(e);
            }
        }

        private static IOException translate(IOException e) {
            if (e instanceof MemoryLimitException m) {
                return new ArchiveLimitException(
                        "the xz dictionary needs " + (m.getMemoryNeeded() / 1024) + " MiB to decompress, more than the "
                                + (m.getMemoryLimit() / 1024) + " MiB allowed",
                        e);
            }
            if (e instanceof ZstdIOException z
                    && (z.getErrorCode() == ZSTD_WINDOW_TOO_LARGE
                            || String.valueOf(z.getMessage()).contains("too much memory"))) {
                return new ArchiveLimitException(
                        "a zstd frame asks for a decompression window over " + (1 << ZSTD_WINDOW_LOG_MAX >> 20)
                                + " MiB",
                        e);
            }
            return e;
        }
    }
}
