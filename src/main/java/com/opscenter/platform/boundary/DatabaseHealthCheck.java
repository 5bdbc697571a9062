package com.opscenter.platform.boundary;

import com.opscenter.platform.control.CachedProbe;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Clock;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** The catalog database answers a trivial query within a few seconds. */
@Readiness
@ApplicationScoped
public class DatabaseHealthCheck implements DetailedHealthCheck {

    static final int TIMEOUT_SECONDS = 3;

    @Resource(lookup = "jdbc/opscenter")
    DataSource dataSource;

    @Inject
    Clock clock;

    /** Where a due probe is refreshed while callers get the last answer. */
    @Resource
    ManagedExecutorService executor;

    private CachedProbe<HealthCheckResponse> cache;

    @Override
    public synchronized HealthCheckResponse details() {
        if (cache == null) {
            cache = new CachedProbe<>("database probe", this::probe, clock, CachedProbe.TTL, executor);
        }
        return cache.get();
    }

    HealthCheckResponse probe() {
        var response = HealthCheckResponse.named("database");
        try (var connection = dataSource.getConnection();
                var statement = connection.createStatement()) {
            statement.setQueryTimeout(TIMEOUT_SECONDS);
            statement.execute("SELECT 1");
            return response.up()
                    .withData("product", connection.getMetaData().getDatabaseProductName())
                    .build();
        } catch (SQLException | RuntimeException e) {
            return response.down()
                    .withData("reason", "database unreachable: " + e.getMessage())
                    .build();
        }
    }
}
