package com.opscenter.platform.control;

import jakarta.enterprise.context.Dependent;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * {@code installation.id} (INSTALLATION_ID): adopts an existing installation's id, for a planned move to a new
 * database; unset means the id this database holds (generated once).
 */
@ConfigProperties(prefix = "installation")
@Dependent
public class InstallationSettings {

    Optional<String> id;

    public Optional<String> id() {
        return id;
    }
}
