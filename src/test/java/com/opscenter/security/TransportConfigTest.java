package com.opscenter.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The parts of liberty/ that keep the embedded default on this machine and let HTTPS_ONLY close the HTTP port.
 * Liberty reads these files, not our code; this holds their shape (AccessIT shows the behaviour).
 */
class TransportConfigTest {

    static String read(String path) throws Exception {
        return Files.readString(Path.of("liberty", path));
    }

    @Test
    void theEndpointListensOnHttpHostWhichDefaultsToLoopback() throws Exception {
        var server = read("server.xml");
        assertThat(server)
                .contains("<variable name=\"http.host\" defaultValue=\"localhost\"/>")
                .contains("<httpEndpoint id=\"defaultHttpEndpoint\" host=\"${http.host}\"")
                .doesNotContain("host=\"*\"");
    }

    @Test
    void httpsOnlyReplacesTheEndpointWithoutItsHttpPort() throws Exception {
        var server = read("server.xml");
        assertThat(server)
                .contains("<variable name=\"https.only\" defaultValue=\"false\"/>")
                .contains("location=\"${server.config.dir}/transport/https-only-${https.only}.xml\"")
                .contains("onConflict=\"REPLACE\"");
        assertThat(Path.of("liberty/transport/https-only-false.xml")).doesNotExist();
        assertThat(read("transport/https-only-true.xml"))
                .contains("<httpEndpoint id=\"defaultHttpEndpoint\" host=\"${http.host}\" httpPort=\"-1\""
                        + " httpsPort=\"${https.port}\"/>");
    }

    @Test
    void theEmbeddedDatabaseLoginIsNotFixed() throws Exception {
        assertThat(read("db/embedded.xml"))
                .contains("user=\"${db.user}\" password=\"${db.password}\"")
                .doesNotContain("password=\"opscenter\"");
    }
}
