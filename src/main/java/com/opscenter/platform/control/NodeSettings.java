package com.opscenter.platform.control;

import jakarta.enterprise.context.Dependent;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/** {@code node.name} (NODE_NAME): this server's name among those sharing one database; unset means derived. */
@ConfigProperties(prefix = "node")
@Dependent
public class NodeSettings {

    Optional<String> name;

    public Optional<String> name() {
        return name;
    }
}
