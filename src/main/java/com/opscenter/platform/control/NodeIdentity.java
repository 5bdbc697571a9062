package com.opscenter.platform.control;

import com.opscenter.archive.io.DurableFiles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * Names this server among several that share one database. The name owns running backups and uploads, so it
 * must outlive a new host name (a re-created container): it is made once, host name plus Liberty server name
 * plus a random part, and kept in a file in the server's data folder (node.id.file). NODE_NAME overrides it.
 */
@ApplicationScoped
public class NodeIdentity {

    private static final Logger LOG = Logger.getLogger(NodeIdentity.class.getName());
    private static final int MAX_LENGTH = 255;

    @Inject
    @ConfigProperties
    NodeSettings settings;

    private volatile String name;

    public String name() {
        var known = name;
        if (known == null) {
            synchronized (this) {
                if (name == null) {
                    name = settings.name()
                            .filter(n -> !n.isBlank())
                            .orElseGet(() -> settings.idFile()
                                    .filter(f -> !f.isBlank())
                                    .map(f -> loadOrCreate(Path.of(f)))
                                    .orElseGet(NodeIdentity::derivedLegacyName));
                }
                known = name;
            }
        }
        return known;
    }

    /**
     * The name servers used before the name was persisted: host name and server name. Rows written then carry it,
     * so a server still recognises its own work from before the upgrade.
     */
    public String legacyName() {
        return settings.name().filter(n -> !n.isBlank()).orElseGet(NodeIdentity::derivedLegacyName);
    }

    /** Reads the id from {@code file}, or makes one and writes it there durably (temp file, fsync, atomic move). */
    public static String loadOrCreate(Path file) {
        try {
            if (Files.isRegularFile(file)) {
                var stored = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (!stored.isEmpty() && stored.length() <= MAX_LENGTH) {
                    return stored;
                }
                LOG.warning(() -> "The node id in " + file + " is empty or too long; a new one is made");
            }
            var fresh = fresh();
            var folder = file.toAbsolutePath().getParent();
            Files.createDirectories(folder);
            var temp = Files.createTempFile(folder, file.getFileName().toString(), ".tmp");
            try {
                Files.writeString(temp, fresh + "\n", StandardCharsets.UTF_8);
                DurableFiles.fsync(temp);
                DurableFiles.moveAtomically(temp, file);
            } finally {
                Files.deleteIfExists(temp);
            }
            LOG.info(() -> "This server's node id is " + fresh + ", kept in " + file);
            return fresh;
        } catch (IOException e) {
            // Without a stable id a restarted server could not recognise its own work: refuse to guess.
            throw new UncheckedIOException("Cannot read or write the node id file " + file + ": " + e.getMessage(), e);
        }
    }

    private static String fresh() {
        var random = new byte[4];
        ThreadLocalRandom.current().nextBytes(random);
        var base = derivedLegacyName();
        var suffix = "-" + HexFormat.of().formatHex(random);
        return base.substring(0, Math.min(base.length(), MAX_LENGTH - suffix.length())) + suffix;
    }

    private static String derivedLegacyName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = Optional.ofNullable(System.getenv("HOSTNAME")).orElse("localhost");
        }
        return host + "/" + System.getProperty("wlp.server.name", "server");
    }
}
