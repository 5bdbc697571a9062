package com.opscenter.platform.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * Names this server among several that share one database: host name plus Liberty server name, unless
 * NODE_NAME says otherwise. Work a server started is only ever declared dead by that same server.
 */
@ApplicationScoped
public class NodeIdentity {

    @Inject
    @ConfigProperties
    NodeSettings settings;

    public String name() {
        return settings.name().filter(name -> !name.isBlank()).orElseGet(NodeIdentity::derived);
    }

    private static String derived() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = Optional.ofNullable(System.getenv("HOSTNAME")).orElse("localhost");
        }
        return host + "/" + System.getProperty("wlp.server.name", "server");
    }
}
