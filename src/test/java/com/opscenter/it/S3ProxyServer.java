package com.opscenter.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * A real S3 server for the tests: S3Proxy over a folder, with AWS v4 (and v2) signatures checked. It can be
 * stopped and started again on the same port and folder, which is how the tests take the cloud away mid-upload.
 */
public final class S3ProxyServer {

    public static final String ACCESS_KEY = "AKIAOPSCENTERTEST01";
    public static final String SECRET_KEY = "opsCenterTestSecret/Do+Not+Leak+9f3c";

    private static S3ProxyServer shared;

    private final int port;
    private final Path dataDir;
    private S3Proxy proxy;
    private String secretKey = SECRET_KEY;

    private S3ProxyServer(int port, Path dataDir) {
        this.port = port;
        this.dataDir = dataDir;
    }

    /** The one the test servers' CLOUD_BACKUP_ENDPOINT points at (it.s3.port), started on first use. */
    public static synchronized S3ProxyServer shared() {
        if (shared == null) {
            var build = Path.of(System.getProperty("it.build.dir", "target"));
            shared = new S3ProxyServer(Integer.getInteger("it.s3.port", 9580), build.resolve("it-s3"));
            shared.wipe();
            shared.start();
        }
        if (!shared.running()) {
            shared.start();
        }
        return shared;
    }

    /** A private one on a fixed port (a test server's endpoint names it), starting empty. */
    public static S3ProxyServer emptyOnPort(int port, Path dataDir) {
        var server = new S3ProxyServer(port, dataDir);
        server.wipe();
        server.start();
        return server;
    }

    /** A private one on a free port, for tests that need their own. */
    public static S3ProxyServer onFreePort(Path dataDir) {
        var server = new S3ProxyServer(freePort(), dataDir);
        server.start();
        return server;
    }

    /** A port nothing listens on at the moment: for a server to start on, or as an endpoint nobody answers. */
    public static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized void start() {
        try {
            Files.createDirectories(dataDir);
            proxy = S3Proxy.builder()
                    .blobStore(new FilesystemNio2BlobStore(dataDir.toString()))
                    .endpoint(URI.create("http://127.0.0.1:" + port))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, secretKey)
                    .build();
            proxy.start();
            var deadline = System.currentTimeMillis() + 20_000;
            while (!"STARTED".equals(proxy.getState())) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("S3Proxy did not start on port " + port);
                }
                Thread.sleep(20);
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not start on port " + port + ": " + e, e);
        }
    }

    /** A bucket left from an earlier run would confuse "lists every backup"; each test run starts empty. */
    private void wipe() {
        if (!Files.exists(dataDir)) {
            return;
        }
        try (var paths = Files.walk(dataDir)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized void stop() {
        if (proxy != null) {
            try {
                proxy.stop();
            } catch (Exception e) {
                throw new IllegalStateException("S3Proxy did not stop: " + e, e);
            }
            proxy = null;
        }
    }

    /**
     * Restarts the server so that it expects another secret key for {@link #ACCESS_KEY}: every test server's
     * configured key is then wrong, as after a key rotation nobody told the service about. Closing the handle
     * restarts it with the right key.
     */
    public synchronized AutoCloseable expectingSecret(String otherSecret) {
        stop();
        secretKey = otherSecret;
        start();
        return () -> {
            synchronized (this) {
                stop();
                secretKey = SECRET_KEY;
                start();
            }
        };
    }

    public synchronized boolean running() {
        return proxy != null && "STARTED".equals(proxy.getState());
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }
}
