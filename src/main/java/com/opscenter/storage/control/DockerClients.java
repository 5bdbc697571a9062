package com.opscenter.storage.control;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/** The one Docker Engine client of the application, configured from {@code docker.*} settings. */
@ApplicationScoped
public class DockerClients {

    @Produces
    @ApplicationScoped
    DockerClient dockerClient(@ConfigProperties StorageSettings settings) {
        return connect(settings);
    }

    /** A client for {@code docker.host}; it connects on first use, so an absent Engine shows there. */
    public static DockerClient connect(StorageSettings settings) {
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(settings.dockerHost())
                .build();
        // Short connect timeout: an absent Engine must not hold up requests that can answer without it.
        var http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .connectionTimeout(settings.dockerConnectTimeout())
                .responseTimeout(settings.dockerResponseTimeout())
                .maxConnections(16)
                .build();
        return DockerClientImpl.getInstance(config, http);
    }

    void close(@Disposes DockerClient client) {
        try {
            client.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not close the Docker client", e);
        }
    }
}
