package com.opscenter.cloud.control;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The bucket of one cloud target. The container's bean is the target the spec's variables form ({@code default}),
 * through the application's S3 client ({@link S3Clients}); every further target has one of its own
 * ({@link #forTarget}, closed by {@link CloudTargets}). Used only once the settings are usable. Every failure
 * leaves here as a {@link CloudFailure} with the keys redacted.
 */
@ApplicationScoped
public class ObjectStore {

    /** How long a bucket check answers from memory, so readiness probes do not become a request storm. */
    private static final Duration CHECK_CACHE = Duration.ofSeconds(15);

    @Inject
    @ConfigProperties
    CloudSettings settings;

    @Resource
    ManagedExecutorService executor;

    /** The container's client, created on first use; outside the container, one built here. */
    @Inject
    Instance<S3Client> containerClient;

    private S3Client client;
    private boolean ownsClient;
    private CloudErrors errors;
    private BucketState lastCheck;
    private Instant lastCheckAt = Instant.MIN;

    /** What the bucket check found; {@code versioning} says whether old versions are kept, and why not. */
    public record BucketState(boolean reachable, String problem, String versioning, boolean permanent) {}

    public ObjectStore() {}

    /** Outside the container (tests, benchmarks). */
    public static ObjectStore standalone(CloudSettings settings, Executor executor) {
        var store = new ObjectStore();
        store.settings = settings;
        store.standaloneExecutor = executor;
        return store;
    }

    private Executor standaloneExecutor;

    /** The target this bucket is, and the prefix of its variables in messages. */
    private String target = com.opscenter.cloud.entity.CloudCopy.DEFAULT_TARGET;

    private String variables = CloudTargetConfig.variables(target);

    /** A further target's bucket, with an S3 client of its own, closed by {@link #close()}. */
    static ObjectStore forTarget(String target, CloudSettings settings, Executor executor) {
        var store = standalone(settings, executor);
        store.target = target;
        store.variables = CloudTargetConfig.variables(target);
        return store;
    }

    public String target() {
        return target;
    }

    public CloudSettings settings() {
        return settings;
    }

    synchronized S3Client client() {
        if (!settings.enabled()) {
            throw new CloudDisabledException();
        }
        var problems = settings.problems(variables);
        if (!problems.isEmpty()) {
            throw new CloudFailure(CloudFailure.MISCONFIGURED + String.join("; ", problems), true);
        }
        if (client == null) {
            errors = new CloudErrors(settings.endpoint(), settings.bucket(), settings.secrets(), variables);
            ownsClient = containerClient == null;
            client = ownsClient ? S3Clients.build(settings) : containerClient.get();
        }
        return client;
    }

    CloudErrors errors() {
        client();
        return errors;
    }

    public MultipartUploader uploader() {
        return new MultipartUploader(
                client(),
                settings.bucket(),
                errors,
                settings,
                standaloneExecutor != null ? standaloneExecutor : executor);
    }

    /**
     * Makes sure the bucket is there: creates it when missing (unless that is switched off) and asks for
     * versioning, which keeps an overwritten or deleted copy recoverable. A provider without versioning is
     * noted, not refused.
     */
    public synchronized BucketState check(boolean fresh) {
        if (!fresh && lastCheck != null && Instant.now().isBefore(lastCheckAt.plus(CHECK_CACHE))) {
            return lastCheck;
        }
        BucketState state;
        try {
            state = new BucketState(true, null, ensureBucket(), false);
        } catch (CloudFailure e) {
            state = new BucketState(false, e.getMessage(), null, e.permanent());
        }
        lastCheck = state;
        lastCheckAt = Instant.now();
        return state;
    }

    /** As {@link #check}, throwing the problem. */
    public void requireBucket() {
        var state = check(false);
        if (!state.reachable()) {
            // A remembered failure is not trusted for work: the server may be back.
            state = check(true);
        }
        if (!state.reachable()) {
            throw new CloudFailure(state.problem(), state.permanent());
        }
    }

    /** After a failed transfer the remembered answer may be stale; readiness should see the failure at once. */
    public synchronized void forgetCheck() {
        lastCheck = null;
    }

    private String ensureBucket() {
        var s3 = client();
        var bucket = settings.bucket();
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw errors.translate("Checking bucket " + bucket, e);
            }
            if (!settings.createBucket()) {
                throw new CloudFailure(
                        "Bucket " + bucket + " does not exist at " + where() + " (" + variables
                                + "CREATE_BUCKET=false, so it is not created)",
                        true);
            }
            try {
                s3.createBucket(b -> b.bucket(bucket));
            } catch (RuntimeException created) {
                throw errors.translate("Bucket " + bucket + " does not exist and creating it failed", created);
            }
        } catch (RuntimeException e) {
            throw errors.translate("Checking bucket " + bucket, e);
        }
        return versioning(s3, bucket);
    }

    private String versioning(S3Client s3, String bucket) {
        try {
            var status = s3.getBucketVersioning(b -> b.bucket(bucket)).status();
            if (status == BucketVersioningStatus.ENABLED) {
                return "enabled";
            }
            if (!settings.provider().versioningApi()) {
                return "not switched on here: " + settings.providerName() + " manages versions in its own bucket"
                        + " settings";
            }
            s3.putBucketVersioning(
                    b -> b.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
            return "enabled";
        } catch (S3Exception e) {
            var code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            return "unsupported by this server (HTTP " + e.statusCode() + (code == null ? "" : " " + code)
                    + "); copies are kept without old versions";
        } catch (RuntimeException e) {
            return "unknown: " + errors.translate("Asking for versioning", e).getMessage();
        }
    }

    public String key(String fileName) {
        return settings.prefix() + fileName;
    }

    /** Every object under the prefix; S3 answers in pages of at most 1000. */
    public List<S3Object> list() {
        return list(settings.prefix());
    }

    /** Every object whose key starts with {@code keyPrefix} (which includes the configured prefix). */
    public List<S3Object> list(String keyPrefix) {
        var s3 = client();
        try {
            var objects = new ArrayList<S3Object>();
            s3.listObjectsV2Paginator(b -> b.bucket(settings.bucket()).prefix(keyPrefix))
                    .contents()
                    .forEach(objects::add);
            return objects;
        } catch (RuntimeException e) {
            throw errors.translate("Listing bucket " + settings.bucket(), e);
        }
    }

    /** A small object (a sidecar) in memory; refuses one over {@code maxBytes}. Null when absent. */
    public byte[] readSmall(String key, long maxBytes) {
        var s3 = client();
        try (var in = s3.getObject(b -> b.bucket(settings.bucket()).key(key))) {
            var length = in.response().contentLength();
            if (length != null && length > maxBytes) {
                throw new CloudFailure("Object " + key + " is " + length + " bytes, too large for a sidecar", false);
            }
            var bytes = in.readNBytes(Math.toIntExact(maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw new CloudFailure(
                        "Object " + key + " is larger than " + maxBytes + " bytes, too large for a sidecar", false);
            }
            return bytes;
        } catch (NoSuchKeyException e) {
            return null;
        } catch (IOException | RuntimeException e) {
            throw errors.translate("Reading " + key, e);
        }
    }

    /**
     * Streams an object into {@code out}, but refuses one larger than {@code maxBytes} (what its sidecar
     * promised) once that many bytes have passed; returns the bytes copied.
     */
    public long download(String key, OutputStream out, long maxBytes) {
        var s3 = client();
        try (var in = s3.getObject(b -> b.bucket(settings.bucket()).key(key))) {
            var length = in.response().contentLength();
            if (length != null && length > maxBytes) {
                throw new CloudFailure(
                        "Object " + key + " is " + length + " bytes, its sidecar says " + maxBytes, true);
            }
            var copied = in.transferTo(new BoundedOutput(out, maxBytes, key));
            return copied;
        } catch (IOException | RuntimeException e) {
            if (e instanceof CloudFailure failure) {
                throw failure;
            }
            throw errors.translate("Downloading " + key, e);
        }
    }

    /** Passes bytes on until there are more than its limit, then fails the download. */
    private static final class BoundedOutput extends java.io.FilterOutputStream {
        private final long limit;
        private final String key;
        private long written;

        BoundedOutput(OutputStream out, long limit, String key) {
            super(out);
            this.limit = limit;
            this.key = key;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            written += len;
            if (written > limit) {
                throw new CloudFailure(
                        "Object " + key + " is larger than the " + limit + " bytes its sidecar says", true);
            }
            out.write(b, off, len);
        }
    }

    public boolean exists(String key) {
        var s3 = client();
        try {
            s3.headObject(b -> b.bucket(settings.bucket()).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw errors.translate("Looking for " + key, e);
        } catch (RuntimeException e) {
            throw errors.translate("Looking for " + key, e);
        }
    }

    public void delete(String key) {
        var s3 = client();
        try {
            s3.deleteObject(b -> b.bucket(settings.bucket()).key(key));
        } catch (RuntimeException e) {
            throw errors.translate("Deleting " + key, e);
        }
    }

    public MultipartUploader.Uploaded upload(
            Path file,
            String key,
            String contentType,
            Map<String, String> metadata,
            MultipartUploader.Progress progress)
            throws IOException {
        return uploader().upload(file, key, contentType, metadata, progress);
    }

    /** The translator of SDK errors; before the configuration is usable, one that knows no secrets yet. */
    CloudErrors errorsOrPlain() {
        return errors != null ? errors : new CloudErrors(null, settings.bucket(), settings.secrets(), variables);
    }

    public String redact(String text) {
        return errorsOrPlain().redact(text);
    }

    private String where() {
        return settings.endpoint() == null ? "AWS S3 (" + settings.region() + ")" : settings.endpoint();
    }

    /** The container closes its client through the disposer; one built here is closed here. */
    @PreDestroy
    synchronized void close() {
        if (client != null && ownsClient) {
            client.close();
        }
        client = null;
    }
}
