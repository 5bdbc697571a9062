package com.opscenter.cloud.control;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The providers the spec names, with what differs between them: where the endpoint is when none is given,
 * whether buckets are addressed by path, and whether versioning can be switched on through the S3 API.
 */
public enum CloudProvider {
    S3("s3", null, false, true, true),
    BACKBLAZE("backblaze", "https://s3.%s.backblazeb2.com", false, false, false),
    WASABI("wasabi", "https://s3.%s.wasabisys.com", false, true, false),
    MINIO("minio", null, true, true, false);

    private final String configName;
    private final String endpointTemplate;
    private final boolean pathStyle;
    private final boolean versioningApi;
    private final boolean awsChecksums;

    CloudProvider(
            String configName,
            String endpointTemplate,
            boolean pathStyle,
            boolean versioningApi,
            boolean awsChecksums) {
        this.configName = configName;
        this.endpointTemplate = endpointTemplate;
        this.pathStyle = pathStyle;
        this.versioningApi = versioningApi;
        this.awsChecksums = awsChecksums;
    }

    public static CloudProvider fromName(String name) {
        var wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(p -> p.configName.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("CLOUD_BACKUP_PROVIDER must be one of "
                        + Arrays.stream(values()).map(CloudProvider::configName).collect(Collectors.joining(", "))
                        + ", not '" + name + "'"));
    }

    public String configName() {
        return configName;
    }

    /** The endpoint for a region when the configuration names none; null means the SDK's own (AWS). */
    public String defaultEndpoint(String region) {
        return endpointTemplate == null ? null : endpointTemplate.formatted(region);
    }

    /** MinIO deployments rarely have wildcard DNS for bucket subdomains; path-style always works there. */
    public boolean pathStyle() {
        return pathStyle;
    }

    /** Backblaze B2 keeps versions by its own bucket settings and refuses PutBucketVersioning. */
    public boolean versioningApi() {
        return versioningApi;
    }

    /**
     * Whether the SDK's newer default checksums (CRC32 trailers in aws-chunked bodies) may be sent. Several
     * S3-compatible stores reject them, so elsewhere integrity rests on Content-MD5, which all of them check.
     */
    public boolean awsChecksums() {
        return awsChecksums;
    }
}
