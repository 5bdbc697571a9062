package com.opscenter.platform.control;

import jakarta.enterprise.context.Dependent;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How much of each kind of heavy work one server runs at once ({@code limits.verify}, LIMITS_VERIFY, ...), and
 * the {@code Retry-After} a refused caller is given ({@code limits.retry.after}); how many catalog pages it reads
 * at once ({@code limits.catalog.reads}, 0 for twice the processors) and how long a caller waits for a turn
 * ({@code limits.catalog.wait}).
 */
@ConfigProperties(prefix = "limits")
@Dependent
public class LimitSettings {

    int verify;
    int contents;
    int restore;
    int cleanup;
    int optimize;

    @ConfigProperty(name = "retry.after")
    Duration retryAfter;

    @ConfigProperty(name = "catalog.reads")
    int catalogReads;

    @ConfigProperty(name = "catalog.wait")
    Duration catalogWait;

    public LimitSettings() {}

    /** For unit tests. */
    public LimitSettings(int verify, int contents, int restore, int cleanup, int optimize, Duration retryAfter) {
        this.verify = verify;
        this.contents = contents;
        this.restore = restore;
        this.cleanup = cleanup;
        this.optimize = optimize;
        this.retryAfter = retryAfter;
    }

    /** For unit tests, with the catalog's line. */
    public LimitSettings(
            int verify,
            int contents,
            int restore,
            int cleanup,
            int optimize,
            Duration retryAfter,
            int catalogReads,
            Duration catalogWait) {
        this(verify, contents, restore, cleanup, optimize, retryAfter);
        this.catalogReads = catalogReads;
        this.catalogWait = catalogWait;
    }

    public int limit(WorkLimits.Work work) {
        return switch (work) {
            case VERIFY -> verify;
            case CONTENTS -> contents;
            case RESTORE -> restore;
            case CLEANUP -> cleanup;
            case OPTIMIZE -> optimize;
        };
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    /** Catalog pages read at once; twice the processors unless set. */
    public int catalogReads() {
        return catalogReads > 0 ? catalogReads : 2 * Runtime.getRuntime().availableProcessors();
    }

    public Duration catalogWait() {
        return catalogWait == null ? Duration.ofSeconds(30) : catalogWait;
    }
}
