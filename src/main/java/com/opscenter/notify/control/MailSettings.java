package com.opscenter.notify.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The spec's EMAIL_NOTIFICATIONS_ENABLED and ADMIN_EMAIL, and how hard to try. The SMTP server itself (host,
 * port, TLS, user, password) belongs to the mail session in server.xml.
 */
@ApplicationScoped
public class MailSettings {

    @Inject
    @ConfigProperty(name = "email.notifications.enabled", defaultValue = "false")
    boolean enabled;

    @Inject
    @ConfigProperty(name = "admin.email")
    Optional<String> adminEmail;

    @Inject
    @ConfigProperty(name = "email.attempts", defaultValue = "3")
    int attempts;

    @Inject
    @ConfigProperty(name = "email.retry.delay", defaultValue = "PT2S")
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
