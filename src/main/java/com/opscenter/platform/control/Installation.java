package com.opscenter.platform.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * Names this installation: every server sharing one database. The id is generated once and kept in the database,
 * so a fresh server on a new database (a recovery server) is a new installation, while INSTALLATION_ID adopts an
 * existing id on purpose (a planned move). Each backup's sidecar carries it; cloud retention prunes only copies
 * that carry ours.
 */
@ApplicationScoped
public class Installation {

    private static final Logger LOG = Logger.getLogger(Installation.class.getName());
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private InstallationStore store;
    private InstallationSettings settings;
    private volatile String id;

    /** For the container's client proxy only. */
    protected Installation() {}

    @Inject
    public Installation(InstallationStore store, @ConfigProperties InstallationSettings settings) {
        this.store = store;
        this.settings = settings;
    }

    /** An installation with a known id, for unit tests and tools. */
    public static Installation fixed(String id) {
        var installation = new Installation();
        installation.id = requireValid(id, "installation id");
        return installation;
    }

    /** Whether {@code id} may be an installation id: 1 to 64 letters, digits, '.', '_' or '-'. */
    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    public String id() {
        var known = id;
        if (known == null) {
            synchronized (this) {
                if (id == null) {
                    id = resolve();
                }
                known = id;
            }
        }
        return known;
    }

    private String resolve() {
        var configured = settings.id().map(String::trim).filter(s -> !s.isEmpty());
        if (configured.isPresent()) {
            var adopted = requireValid(configured.get(), "INSTALLATION_ID (installation.id)");
            var before = store.stored();
            if (!before.equals(configured)) {
                store.store(adopted, true);
                LOG.warning(() -> "This database now belongs to installation " + adopted + " (INSTALLATION_ID)"
                        + before.map(old -> ", replacing " + old).orElse(""));
            }
            return adopted;
        }
        var stored = store.stored();
        if (stored.isPresent()) {
            return stored.get();
        }
        var created = UUID.randomUUID().toString();
        try {
            store.store(created, false);
        } catch (RuntimeException e) {
            // Another server created the row at the same moment; its id is the installation's.
            LOG.fine(() -> "Installation id was created concurrently: " + e.getMessage());
        }
        var winner = store.stored().orElseThrow(() -> new IllegalStateException("no installation id stored"));
        LOG.info(() -> "Installation id " + winner);
        return winner;
    }

    private static String requireValid(String id, String what) {
        if (!isValid(id)) {
            throw new IllegalStateException(
                    what + " '" + id + "' is not valid: use 1 to 64 letters, digits, '.', '_' or '-'");
        }
        return id;
    }
}
