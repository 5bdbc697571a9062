package com.opscenter.platform.control;

import jakarta.enterprise.context.Dependent;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code node.name} (NODE_NAME): this server's name among those sharing one database; unset means the id kept in
 * {@code node.id.file} (NODE_ID_FILE; its default, in the server's data folder, is a variable in server.xml).
 */
@ConfigProperties(prefix = "node")
@Dependent
public class NodeSettings {

    Optional<String> name;

    @ConfigProperty(name = "id.file")
    Optional<String> idFile;

    public Optional<String> name() {
        return name;
    }

    public Optional<String> idFile() {
        return idFile;
    }
}
