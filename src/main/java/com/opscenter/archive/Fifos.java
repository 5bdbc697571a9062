package com.opscenter.archive;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Creates named pipes. Java has no mkfifo, so the system's {@code mkfifo} does it; FIFOs are rare in volumes
 * (a process's control pipe), so a process per FIFO is fine.
 */
final class Fifos {

    private static final long TIMEOUT_SECONDS = 30;

    private Fifos() {}

    /** Creates a FIFO at {@code path}, which must not exist; mode 0600 until the entry's own is applied. */
    static void create(Path path) throws IOException {
        Process process = new ProcessBuilder("mkfifo", "-m", "0600", "--", path.toString())
                .redirectErrorStream(true)
                .start();
        try (var out = process.getInputStream()) {
            process.getOutputStream().close();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("mkfifo " + path + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            String message = new String(out.readNBytes(4096), StandardCharsets.UTF_8).trim();
            if (process.exitValue() != 0) {
                throw new IOException("mkfifo " + path + " failed: " + message);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while creating the FIFO " + path);
        }
    }
}
