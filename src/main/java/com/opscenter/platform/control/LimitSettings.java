package com.opscenter.platform.control;

import jakarta.enterprise.context.Dependent;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How much of each kind of heavy work one server runs at once ({@code limits.verify}, LIMITS_VERIFY, ...), and
 * the {@code Retry-After} a refused caller is given ({@code limits.retry.after}).
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
}
