package com.opscenter.cloud.control;

import jakarta.enterprise.context.Dependent;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The spec's CLOUD_BACKUP_* variables, plus the limits of uploading. The two keys are held here and handed to
 * the S3 client only; nothing else reads them, and {@link #toString()} leaves them out. Each field reads
 * {@code cloud.backup.<name>} (environment: {@code CLOUD_BACKUP_<NAME>}); the defaults are in
 * META-INF/microprofile-config.properties. Every field of this class is a setting: constants live in {@link Rules}.
 */
@ConfigProperties(prefix = "cloud.backup")
@Dependent
public class CloudSettings {

    @ConfigProperty(name = "enabled")
    boolean enabled;

    @ConfigProperty(name = "provider")
    String provider;

    @ConfigProperty(name = "bucket")
    Optional<String> bucket;

    @ConfigProperty(name = "region")
    String region;

    @ConfigProperty(name = "access.key")
    Optional<String> accessKey;

    @ConfigProperty(name = "secret.key")
    Optional<String> secretKey;

    @ConfigProperty(name = "endpoint")
    Optional<String> endpoint;

    /** Keys are written under this prefix, so one bucket can hold several installations. */
    @ConfigProperty(name = "prefix")
    Optional<String> prefix;

    /** Overrides the provider's addressing style. */
    @ConfigProperty(name = "path.style")
    Optional<Boolean> pathStyle;

    /** Least-privilege keys often may not create buckets; then a missing bucket is reported, not created. */
    @ConfigProperty(name = "create.bucket")
    boolean createBucket;

    @ConfigProperty(name = "multipart.threshold.mb")
    long multipartThresholdMb;

    @ConfigProperty(name = "part.size.mb")
    long partSizeMb;

    @ConfigProperty(name = "concurrency")
    int concurrency;

    /** Upload bandwidth cap in KiB/s; 0 means none. */
    @ConfigProperty(name = "upload.limit.kbps")
    long uploadLimitKbps;

    @ConfigProperty(name = "max.attempts")
    int maxAttempts;

    @ConfigProperty(name = "retry.delay")
    Duration retryDelay;

    @ConfigProperty(name = "connect.timeout")
    Duration connectTimeout;

    @ConfigProperty(name = "socket.timeout")
    Duration socketTimeout;

    /**
     * Further targets by name (CLOUD_BACKUP_TARGETS=primary,offsite), each set by CLOUD_BACKUP_&lt;NAME&gt;_*; the
     * variables above form the target {@code default} (see {@link CloudTargetConfig}).
     */
    @ConfigProperty(name = "targets")
    Optional<String> targets;

    public CloudSettings() {}

    /** For tests and tools outside the container. */
    public static CloudSettings of(
            CloudProvider provider,
            String bucket,
            String region,
            String accessKey,
            String secretKey,
            String endpoint,
            String prefix) {
        var settings = new CloudSettings();
        settings.enabled = true;
        settings.provider = provider.configName();
        settings.bucket = Optional.ofNullable(bucket);
        settings.region = region;
        settings.accessKey = Optional.ofNullable(accessKey);
        settings.secretKey = Optional.ofNullable(secretKey);
        settings.endpoint = Optional.ofNullable(endpoint);
        settings.prefix = Optional.ofNullable(prefix);
        settings.pathStyle = Optional.empty();
        settings.createBucket = true;
        settings.multipartThresholdMb = 100;
        settings.partSizeMb = 8;
        settings.concurrency = 8;
        settings.maxAttempts = 5;
        settings.retryDelay = Duration.ofSeconds(30);
        settings.connectTimeout = Duration.ofSeconds(10);
        settings.socketTimeout = Duration.ofSeconds(60);
        settings.targets = Optional.empty();
        return settings;
    }

    /**
     * A named target: where it is and its keys come from {@code value} (CLOUD_BACKUP_&lt;NAME&gt;_BUCKET and so
     * on); transfer limits, retries and timeouts are these settings', shared by every target. Provider, region and
     * bucket creation fall back to these settings' values; bucket, keys, endpoint and prefix never do, so keys
     * meant for one endpoint are never sent to another.
     */
    CloudSettings forTarget(java.util.function.Function<String, Optional<String>> value) {
        var target = new CloudSettings();
        target.enabled = enabled;
        target.provider = value.apply("provider").orElse(provider);
        target.bucket = value.apply("bucket");
        target.region = value.apply("region").orElse(region);
        target.accessKey = value.apply("access.key");
        target.secretKey = value.apply("secret.key");
        target.endpoint = value.apply("endpoint");
        target.prefix = value.apply("prefix");
        target.pathStyle = value.apply("path.style").map(Boolean::parseBoolean);
        target.createBucket =
                value.apply("create.bucket").map(Boolean::parseBoolean).orElse(createBucket);
        target.multipartThresholdMb = multipartThresholdMb;
        target.partSizeMb = partSizeMb;
        target.concurrency = concurrency;
        target.uploadLimitKbps = uploadLimitKbps;
        target.maxAttempts = maxAttempts;
        target.retryDelay = retryDelay;
        target.connectTimeout = connectTimeout;
        target.socketTimeout = socketTimeout;
        target.targets = Optional.empty();
        return target;
    }

    /** The raw CLOUD_BACKUP_TARGETS list; empty when unset. */
    public String targetList() {
        return targets == null ? "" : targets.orElse("");
    }

    public CloudSettings withTransfer(long thresholdMb, long partSizeMb, int concurrency, long limitKbps) {
        this.multipartThresholdMb = thresholdMb;
        this.partSizeMb = partSizeMb;
        this.concurrency = concurrency;
        this.uploadLimitKbps = limitKbps;
        return this;
    }

    public CloudSettings withCreateBucket(boolean create) {
        this.createBucket = create;
        return this;
    }

    public CloudSettings withTimeouts(Duration connect, Duration socket) {
        this.connectTimeout = connect;
        this.socketTimeout = socket;
        return this;
    }

    public boolean enabled() {
        return enabled;
    }

    /** What is wrong with the configuration, in words an operator can act on; empty when it can be used. */
    public List<String> problems() {
        return problems(Rules.DEFAULT_VARIABLES);
    }

    /** As {@link #problems()}, naming the variables as {@code variables} (for example CLOUD_BACKUP_OFFSITE_) says. */
    public List<String> problems(String variables) {
        var problems = new ArrayList<String>();
        for (var problem : ownProblems()) {
            problems.add(problem.replace(Rules.DEFAULT_VARIABLES, variables));
        }
        return problems;
    }

    private List<String> ownProblems() {
        var problems = new ArrayList<String>();
        CloudProvider chosen = null;
        try {
            chosen = CloudProvider.fromName(provider);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        var name = bucket.map(String::trim).orElse("");
        if (name.isEmpty()) {
            problems.add("CLOUD_BACKUP_BUCKET is not set");
        } else if (!Rules.BUCKET.matcher(name).matches() || name.contains("..")) {
            problems.add("CLOUD_BACKUP_BUCKET '" + name + "' is not a valid bucket name (3 to 63 lower-case letters,"
                    + " digits, dots and hyphens)");
        }
        if (region == null || region.isBlank()) {
            problems.add("CLOUD_BACKUP_REGION is empty");
        }
        if (accessKey.filter(k -> !k.isBlank()).isEmpty()) {
            problems.add("CLOUD_BACKUP_ACCESS_KEY is not set");
        }
        if (secretKey.filter(k -> !k.isBlank()).isEmpty()) {
            problems.add("CLOUD_BACKUP_SECRET_KEY is not set");
        }
        var configured = endpoint.map(String::trim).filter(e -> !e.isEmpty());
        if (configured.isPresent()) {
            endpointProblem(configured.get()).ifPresent(problems::add);
        } else if (chosen == CloudProvider.MINIO) {
            problems.add("CLOUD_BACKUP_ENDPOINT is required for provider minio (for example http://minio:9000)");
        }
        prefix.filter(p -> p.startsWith("/") || p.contains("..") || p.contains("\\"))
                .ifPresent(p -> problems.add("CLOUD_BACKUP_PREFIX must be a relative key prefix without '..'"));
        return problems;
    }

    static Optional<String> endpointProblem(String value) {
        try {
            var uri = new URI(value);
            if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
                return Optional.of("CLOUD_BACKUP_ENDPOINT must be an http:// or https:// URL, not '" + value + "'");
            }
            if (uri.getHost() == null || uri.getHost().isBlank()) {
                return Optional.of("CLOUD_BACKUP_ENDPOINT '" + value + "' names no host");
            }
            if (uri.getUserInfo() != null) {
                return Optional.of("CLOUD_BACKUP_ENDPOINT must not carry credentials; use CLOUD_BACKUP_ACCESS_KEY"
                        + " and CLOUD_BACKUP_SECRET_KEY");
            }
            return Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.of("CLOUD_BACKUP_ENDPOINT '" + value + "' is not a URL");
        }
    }

    public CloudProvider provider() {
        return CloudProvider.fromName(provider);
    }

    public String providerName() {
        return provider;
    }

    public String bucket() {
        return bucket.map(String::trim).orElse("");
    }

    public String region() {
        return region.trim();
    }

    /** The configured endpoint, else the provider's for the region; null means AWS's own. */
    public String endpoint() {
        return endpoint.map(String::trim)
                .filter(e -> !e.isEmpty())
                .orElseGet(() -> provider().defaultEndpoint(region()));
    }

    /** Empty, or a prefix ending in '/'. */
    public String prefix() {
        var value = prefix.map(String::trim).orElse("");
        while (value.startsWith("/")) {
            value = value.substring(1);
        }
        return value.isEmpty() || value.endsWith("/") ? value : value + "/";
    }

    public boolean pathStyle() {
        return pathStyle.orElse(provider().pathStyle());
    }

    public boolean createBucket() {
        return createBucket;
    }

    String accessKey() {
        return accessKey.orElse("");
    }

    String secretKey() {
        return secretKey.orElse("");
    }

    public long multipartThresholdBytes() {
        return Math.max(5, multipartThresholdMb) * Rules.MIB;
    }

    /** S3 refuses parts under 5 MiB, except the last. */
    public long partSizeBytes() {
        return Math.max(5, partSizeMb) * Rules.MIB;
    }

    public int concurrency() {
        return Math.max(1, Math.min(32, concurrency));
    }

    public long uploadLimitBytesPerSecond() {
        return Math.max(0, uploadLimitKbps) * 1024;
    }

    public int maxAttempts() {
        return Math.max(1, maxAttempts);
    }

    public Duration retryDelay() {
        return retryDelay;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration socketTimeout() {
        return socketTimeout;
    }

    /** The secrets an error text must never carry. */
    List<String> secrets() {
        var secrets = new ArrayList<String>();
        secretKey.filter(s -> !s.isBlank()).ifPresent(secrets::add);
        accessKey.filter(s -> !s.isBlank()).ifPresent(secrets::add);
        return secrets;
    }

    /** Outside the class's fields, which MicroProfile Config fills one setting each. */
    private static final class Rules {
        static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
        static final long MIB = 1L << 20;
        /** The variables of the spec's own target; a named target's are CLOUD_BACKUP_<NAME>_*. */
        static final String DEFAULT_VARIABLES = "CLOUD_BACKUP_";
    }

    @Override
    public String toString() {
        return "CloudSettings[provider=" + provider + ", bucket=" + bucket() + ", region=" + region + ", endpoint="
                + endpoint.orElse("") + ", prefix=" + prefix() + "]";
    }
}
