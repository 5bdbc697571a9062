package com.opscenter.cloud.control;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Uploads one file as one object, checking every byte on the way: each request carries the MD5 of its body
 * (Content-MD5), which the server checks before it stores anything, and the ETag it answers is compared with
 * the MD5 computed here, for a multipart object in S3's composite form. Above the threshold the file goes in
 * parts, several at once. No part is held in memory: each is read from the file to hash it and again, from the page
 * cache, to send it, so a sidecar's heap does not grow by {@code concurrency} part sizes during an upload. A failed
 * multipart upload is aborted, and the abort is checked, so no half-uploaded parts keep costing storage.
 *
 * <p>Over 400 lines on purpose: the part readers, the ETag checks and the abort path share one upload's state,
 * and splitting them would spread one protocol over several files.
 */
public final class MultipartUploader {

    /** S3 allows at most this many parts in one upload. */
    private static final int MAX_PARTS = 10_000;

    /** The most one read asks for, so the JDK's per-thread direct buffer behind it stays small. */
    static final int READ_SLICE = 256 << 10;

    private final S3Client s3;
    private final String bucket;
    private final CloudErrors errors;
    private final long thresholdBytes;
    private final long partSizeBytes;
    private final int concurrency;
    private final Throttle throttle;
    private final Executor executor;

    public record Uploaded(String key, long size, String etag, int parts) {}

    @FunctionalInterface
    public interface Progress {
        void sent(long bytesSent, long bytesTotal);
    }

    MultipartUploader(S3Client s3, String bucket, CloudErrors errors, CloudSettings settings, Executor executor) {
        this.s3 = s3;
        this.bucket = bucket;
        this.errors = errors;
        this.thresholdBytes = settings.multipartThresholdBytes();
        this.partSizeBytes = settings.partSizeBytes();
        this.concurrency = settings.concurrency();
        this.throttle = new Throttle(settings.uploadLimitBytesPerSecond());
        this.executor = executor;
    }

    public Uploaded upload(Path file, String key, String contentType, Map<String, String> metadata, Progress progress)
            throws IOException {
        var size = Files.size(file);
        return size <= thresholdBytes
                ? single(file, size, key, contentType, metadata, progress)
                : multipart(file, size, key, contentType, metadata, progress);
    }

    private Uploaded single(
            Path file, long size, String key, String contentType, Map<String, String> metadata, Progress progress)
            throws IOException {
        var md5 = md5Of(file);
        var sent = new AtomicLong();
        ContentStreamProvider body = new CountingProvider(() -> Files.newInputStream(file), sent, size, progress);
        try {
            var response = s3.putObject(
                    b -> b.bucket(bucket)
                            .key(key)
                            .contentType(contentType)
                            .contentLength(size)
                            .contentMD5(Base64.getEncoder().encodeToString(md5))
                            .metadata(metadata),
                    RequestBody.fromContentProvider(body, size, contentType));
            requireEtag(key, response.eTag(), HexFormat.of().formatHex(md5), true);
        } catch (RuntimeException e) {
            throw errors.translate("Uploading " + key, e);
        }
        requireStoredSize(key, size);
        progress.sent(size, size);
        return new Uploaded(key, size, HexFormat.of().formatHex(md5), 1);
    }

    private Uploaded multipart(
            Path file, long size, String key, String contentType, Map<String, String> metadata, Progress progress)
            throws IOException {
        var partSize = Math.max(partSizeBytes, (size + MAX_PARTS - 1) / MAX_PARTS);
        var partCount = (int) ((size + partSize - 1) / partSize);
        String uploadId;
        try {
            uploadId = s3.createMultipartUpload(b ->
                            b.bucket(bucket).key(key).contentType(contentType).metadata(metadata))
                    .uploadId();
        } catch (RuntimeException e) {
            throw errors.translate("Starting the upload of " + key, e);
        }
        try {
            var parts = sendParts(file, size, key, uploadId, partSize, partCount, progress);
            parts.sort(Comparator.comparingInt(Part::number));
            var composite = compositeEtag(parts);
            var completed = s3.completeMultipartUpload(b -> b.bucket(bucket)
                    .key(key)
                    .uploadId(uploadId)
                    .multipartUpload(CompletedMultipartUpload.builder()
                            .parts(parts.stream()
                                    .map(p -> CompletedPart.builder()
                                            .partNumber(p.number())
                                            .eTag(p.etag())
                                            .build())
                                    .toList())
                            .build()));
            requireEtag(key, completed.eTag(), composite, true);
            requireStoredSize(key, size);
            progress.sent(size, size);
            return new Uploaded(key, size, composite, partCount);
        } catch (IOException | RuntimeException e) {
            var failure = errors.translate("Uploading " + key, e);
            if (!abort(key, uploadId)) {
                failure = failure.withStaleUpload(uploadId);
            }
            throw failure;
        }
    }

    private record Part(int number, String etag, byte[] md5) {}

    private List<Part> sendParts(
            Path file, long size, String key, String uploadId, long partSize, int partCount, Progress progress)
            throws IOException {
        var sent = new AtomicLong();
        List<CompletableFuture<Part>> pending = new ArrayList<>();
        var done = new ArrayList<Part>();
        try (var channel = FileChannel.open(file, StandardOpenOption.READ)) {
            for (int number = 1; number <= partCount; number++) {
                while (pending.size() >= concurrency) {
                    // As many parts in flight as the concurrency allows: wait for one, and stop at the first failure.
                    awaitAny(pending, done);
                }
                var offset = (number - 1) * partSize;
                var length = Math.min(partSize, size - offset);
                var part = number;
                // Hashing happens in the part's own task, so several parts read and hash at once.
                pending.add(CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                var md5 = md5Of(channel, offset, length);
                                return sendPart(
                                        key, uploadId, part, channel, offset, length, md5, sent, size, progress);
                            } catch (IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        },
                        executor));
            }
            while (!pending.isEmpty()) {
                awaitAny(pending, done);
            }
        } catch (IOException | RuntimeException e) {
            // Let the parts in flight end before the upload is aborted, so none lands after the abort.
            pending.forEach(MultipartUploader::quietlyJoin);
            throw e;
        }
        return done;
    }

    private Part sendPart(
            String key,
            String uploadId,
            int number,
            FileChannel channel,
            long offset,
            long length,
            byte[] md5,
            AtomicLong sent,
            long size,
            Progress progress) {
        ContentStreamProvider body =
                new CountingProvider(() -> new FileRegionInputStream(channel, offset, length), sent, size, progress);
        var response = s3.uploadPart(
                b -> b.bucket(bucket)
                        .key(key)
                        .uploadId(uploadId)
                        .partNumber(number)
                        .contentLength(length)
                        .contentMD5(Base64.getEncoder().encodeToString(md5)),
                RequestBody.fromContentProvider(body, length, "application/octet-stream"));
        requireEtag(key + " part " + number, response.eTag(), HexFormat.of().formatHex(md5), false);
        return new Part(number, response.eTag(), md5);
    }

    private static void awaitAny(List<CompletableFuture<Part>> pending, List<Part> done) throws IOException {
        try {
            CompletableFuture.anyOf(pending.toArray(CompletableFuture[]::new)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("upload interrupted");
        } catch (ExecutionException e) {
            // handled below, with the part that failed
        }
        for (var it = pending.iterator(); it.hasNext(); ) {
            var future = it.next();
            if (future.isDone()) {
                it.remove();
                try {
                    done.add(future.join());
                } catch (java.util.concurrent.CompletionException e) {
                    if (e.getCause() instanceof java.io.UncheckedIOException io) {
                        throw io.getCause();
                    }
                    if (e.getCause() instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    throw new IOException(e.getCause());
                }
            }
        }
    }

    private static void quietlyJoin(CompletableFuture<Part> future) {
        try {
            future.join();
        } catch (RuntimeException ignored) {
            // the first failure is the one reported
        }
    }

    /** Aborts the upload, then lists what is still open for the key: true when nothing of it remains. */
    boolean abort(String key, String uploadId) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (RuntimeException e) {
            // checked below
        }
        try {
            return s3.listMultipartUploads(b -> b.bucket(bucket).prefix(key)).uploads().stream()
                    .noneMatch(u -> u.uploadId().equals(uploadId));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Aborts every multipart upload still open under the key, such as one an outage left; returns how many. */
    int abortAllUnder(String key) {
        try {
            var open =
                    s3.listMultipartUploads(b -> b.bucket(bucket).prefix(key)).uploads();
            var aborted = 0;
            for (var upload : open) {
                if (upload.key().equals(key) && abort(key, upload.uploadId())) {
                    aborted++;
                }
            }
            return aborted;
        } catch (RuntimeException e) {
            throw errors.translate("Cleaning up unfinished uploads of " + key, e);
        }
    }

    private void requireEtag(String what, String etag, String expected, boolean deleteOnMismatch) {
        var actual = etag == null ? "" : etag.replace("\"", "").toLowerCase();
        if (!actual.equals(expected)) {
            if (deleteOnMismatch) {
                try {
                    s3.deleteObject(b -> b.bucket(bucket).key(what));
                } catch (RuntimeException ignored) {
                    // the failure below is what matters
                }
            }
            throw new CloudFailure(
                    "Uploading " + what + ": the server stored different bytes (ETag " + actual + ", expected "
                            + expected + ")",
                    false);
        }
    }

    private void requireStoredSize(String key, long size) {
        long stored;
        try {
            stored = s3.headObject(b -> b.bucket(bucket).key(key)).contentLength();
        } catch (RuntimeException e) {
            throw errors.translate("Checking the uploaded " + key, e);
        }
        if (stored != size) {
            throw new CloudFailure("Uploading " + key + ": the server holds " + stored + " bytes, not " + size, false);
        }
    }

    static String compositeEtag(List<Part> parts) {
        var digest = digest();
        parts.forEach(p -> digest.update(p.md5()));
        return HexFormat.of().formatHex(digest.digest()) + "-" + parts.size();
    }

    static byte[] md5Of(Path file) throws IOException {
        try (var channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return md5Of(channel, 0, channel.size());
        }
    }

    static byte[] md5Of(FileChannel channel, long offset, long length) throws IOException {
        var digest = digest();
        var buffer = new byte[READ_SLICE];
        try (InputStream in = new FileRegionInputStream(channel, offset, length)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return digest.digest();
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @FunctionalInterface
    private interface StreamOpener {
        InputStream open() throws IOException;
    }

    /**
     * Opens the body for each attempt the SDK makes, counting what is sent so progress is visible, and holding
     * the bandwidth cap. A retried attempt takes back what its predecessor had counted.
     */
    private final class CountingProvider implements ContentStreamProvider {
        private final StreamOpener opener;
        private final AtomicLong sent;
        private final long total;
        private final Progress progress;
        private long countedByThisBody;
        private InputStream current;

        CountingProvider(StreamOpener opener, AtomicLong sent, long total, Progress progress) {
            this.opener = opener;
            this.sent = sent;
            this.total = total;
            this.progress = progress;
        }

        @Override
        public synchronized InputStream newStream() {
            sent.addAndGet(-countedByThisBody);
            countedByThisBody = 0;
            closeQuietly(current);
            try {
                current = new FilterInputStream(opener.open()) {
                    @Override
                    public int read() throws IOException {
                        var b = super.read();
                        if (b >= 0) {
                            counted(1);
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] bytes, int off, int len) throws IOException {
                        var n = super.read(bytes, off, Math.min(len, 64 * 1024));
                        if (n > 0) {
                            counted(n);
                        }
                        return n;
                    }
                };
                return current;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        private void counted(int n) throws InterruptedIOException {
            try {
                throttle.take(n);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("upload interrupted");
            }
            synchronized (this) {
                countedByThisBody += n;
            }
            progress.sent(sent.addAndGet(n), total);
        }

        private static void closeQuietly(InputStream stream) {
            if (stream != null) {
                try {
                    stream.close();
                } catch (IOException ignored) {
                    // a finished attempt's stream
                }
            }
        }
    }
}
