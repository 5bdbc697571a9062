package com.opscenter.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Small archives that ask a reader for huge amounts of memory; for the unit tests and the cloud import IT. */
public final class HostileArchives {

    private HostileArchives() {}

    /** A zstd tar whose first entry is a GNU long name of {@code nameBytes} bytes: tens of KiB on disk. */
    public static byte[] zstdTarWithGnuLongName(long nameBytes) throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (OutputStream out = Codec.ZSTD.compress(bytes, 1, Thread::new)) {
            TarArchiveEntry header = new TarArchiveEntry(TarConstants.GNU_LONGLINK, TarConstants.LF_GNUTYPE_LONGNAME);
            header.setSize(nameBytes);
            writeRawHeader(out, header);
            writeRepeated(out, (byte) 'a', nameBytes);
            out.write(new byte[1024]);
        }
        return bytes.toByteArray();
    }

    public static void writeRawHeader(OutputStream out, TarArchiveEntry entry) {
        byte[] block = new byte[512];
        entry.writeEntryHeader(block);
        try {
            out.write(block);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void writeRepeated(OutputStream out, byte b, long count) throws IOException {
        byte[] chunk = new byte[1 << 20];
        Arrays.fill(chunk, b);
        for (long done = 0; done < count; done += chunk.length) {
            out.write(chunk, 0, (int) Math.min(chunk.length, count - done));
        }
    }

    /** An xz stream whose one block declares an LZMA2 dictionary by its property byte (36: 1 GiB). */
    public static byte[] xzWithDictionaryProperty(int property) {
        byte[] flags = {0, 0}; // check type: none
        byte[] blockHeader = {2, 0, 0x21, 1, (byte) property, 0, 0, 0}; // size (2+1)*4 = 12 with its CRC32
        byte[] out = new byte[12 + 12 + 64];
        byte[] magic = {(byte) 0xfd, '7', 'z', 'X', 'Z', 0};
        System.arraycopy(magic, 0, out, 0, 6);
        System.arraycopy(flags, 0, out, 6, 2);
        putCrc(out, 8, flags, 0, 2);
        System.arraycopy(blockHeader, 0, out, 12, 8);
        putCrc(out, 20, blockHeader, 0, 8);
        // Then what would be compressed data: never reached.
        Arrays.fill(out, 24, out.length, (byte) 0x01);
        return out;
    }

    /** A zstd frame declaring a window of 2^{@code windowLog} bytes, holding one empty raw block. */
    public static byte[] zstdFrameWithWindowLog(int windowLog) {
        return new byte[] {
            0x28,
            (byte) 0xb5,
            0x2f,
            (byte) 0xfd, // magic
            0x00, // frame header descriptor: window descriptor present, no checksum, no content size
            (byte) ((windowLog - 10) << 3), // window descriptor: exponent, no mantissa
            0x01,
            0x00,
            0x00 // last block, raw, size 0
        };
    }

    private static void putCrc(byte[] out, int at, byte[] data, int off, int len) {
        CRC32 crc = new CRC32();
        crc.update(data, off, len);
        long v = crc.getValue();
        for (int i = 0; i < 4; i++) {
            out[at + i] = (byte) (v >>> (8 * i));
        }
    }
}
