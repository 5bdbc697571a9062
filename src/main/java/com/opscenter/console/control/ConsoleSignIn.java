package com.opscenter.console.control;

import com.opscenter.security.control.AccessSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/** This server's {@link SignIn}, decided on first use; the configuration does not change while it runs. */
@ApplicationScoped
public class ConsoleSignIn {

    private static final Logger LOG = Logger.getLogger(ConsoleSignIn.class.getName());

    @Inject
    @ConfigProperties
    ConsoleSettings settings;

    @Inject
    @ConfigProperties
    AccessSettings access;

    private volatile SignIn decided;

    public SignIn signIn() {
        var read = decided;
        if (read == null) {
            read = SignIn.decide(access.developmentIssuerOn(), settings.client());
            if (read.mode() == SignIn.Mode.NONE) {
                var detail = read.detail();
                LOG.warning(() -> "The web console cannot sign in: " + detail);
            }
            decided = read;
        }
        return read;
    }
}
