package com.opscenter.archive.format;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Sidecars that ask a reader for much memory, stack or time; shared by the unit tests and the cloud IT. */
public final class HostileSidecars {

    private HostileSidecars() {}

    /** The start of a well-formed sidecar of {@code id}, up to the point where a hostile value follows. */
    static String head(String id) {
        return "{\"format_version\":1,\"id\":\"" + id + "\",\"timestamp\":\"2026-12-01T12:00:00Z\",\"codec\":\"gzip\","
                + "\"archive_file\":\"" + id + ".tar.gz\",\"archive_sha256\":\"" + "0".repeat(64) + "\",";
    }

    /** Valid JSON of {@code bytes} bytes: a warnings list of tiny numbers, the costliest shape to hold parsed. */
    public static byte[] gigantic(String id, long bytes) {
        var head = head(id) + "\"warnings\":[";
        var out = new byte[(int) bytes];
        var h = head.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(h, 0, out, 0, h.length);
        int i = h.length;
        while (i < out.length - 3) {
            out[i++] = '0';
            out[i++] = ',';
        }
        out[i++] = '0';
        out[i++] = ']';
        out[i] = '}';
        return out;
    }

    /** Arrays nested {@code depth} deep, in the description's place. */
    public static byte[] deeplyNested(String id, int depth) {
        return (head(id) + "\"description\":" + "[".repeat(depth) + "]".repeat(depth) + "}")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** An archive size of {@code digits} digits. */
    public static byte[] hugeNumber(String id, int digits) {
        return (head(id) + "\"archive_size\":9" + "9".repeat(digits - 1) + "}").getBytes(StandardCharsets.US_ASCII);
    }

    /** Writes {@code bytes} repeated bytes, for files far larger than any sidecar. */
    static void writeRepeated(Path file, byte b, long count) throws IOException {
        var chunk = new byte[1 << 20];
        Arrays.fill(chunk, b);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long done = 0; done < count; done += chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, count - done));
            }
        }
    }
}
