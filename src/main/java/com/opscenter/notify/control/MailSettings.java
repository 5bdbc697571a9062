package com.opscenter.notify.control;

import jakarta.enterprise.context.Dependent;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The spec's EMAIL_NOTIFICATIONS_ENABLED and ADMIN_EMAIL, and how hard to try. The SMTP server itself (host,
 * port, TLS, user, password) belongs to the mail session in server.xml. Defaults in
 * META-INF/microprofile-config.properties.
 */
@ConfigProperties
@Dependent
public class MailSettings {

    @ConfigProperty(name = "email.notifications.enabled")
    boolean enabled;

    @ConfigProperty(name = "admin.email")
    Optional<String> adminEmail;

    @ConfigProperty(name = "email.attempts")
    int attempts;

    @ConfigProperty(name = "email.retry.delay")
    Duration retryDelay;

    public boolean enabled() {
        return enabled && adminEmail.filter(address -> !address.isBlank()).isPresent();
    }

    public String adminEmail() {
        return adminEmail.orElse("");
    }

    public int attempts() {
        return Math.max(1, attempts);
    }

    public Duration retryDelay() {
        return retryDelay;
    }
}
