package com.opscenter.platform.boundary;

import com.opscenter.platform.control.SchemaMigrations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/** Started once the schema migrations ran; until then nothing that touches the database can work. */
@Startup
@ApplicationScoped
public class MigrationsStartupCheck implements DetailedHealthCheck {

    @Inject
    SchemaMigrations migrations;

    @Override
    public HealthCheckResponse details() {
        var response = HealthCheckResponse.named("migrations");
        try {
            return migrations.done()
                    ? response.up().build()
                    : response.down()
                            .withData("reason", "schema migrations have not finished")
                            .build();
        } catch (RuntimeException e) {
            return response.down()
                    .withData("reason", "schema migrations failed: " + e.getMessage())
                    .build();
        }
    }
}
