package com.opscenter.archive;

import com.opscenter.it.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The real {@code gpg} of Debian's gnupg, in a private home of its own (a temporary GNUPGHOME), so tests generate
 * keys and encrypt and decrypt exactly as an operator would. {@link #close} stops the agent it started.
 */
final class Gpg implements AutoCloseable {

    private final Path home;

    Gpg() throws IOException {
        // Short: the agent's socket lives in it, and a socket path may have at most 107 bytes.
        this.home = Files.createTempDirectory(
                "gpg", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    /** Generates a key pair for {@code uid} ({@code default}: RSA, {@code future-default}: Curve25519). */
    void generate(String uid, String algorithm, String passphrase) {
        check(
                "--batch",
                "--pinentry-mode",
                "loopback",
                "--passphrase",
                passphrase,
                "--quick-gen-key",
                uid,
                algorithm,
                "default",
                "never");
    }

    void exportPublic(String uid, Path file) {
        shell("gpg --batch --armor --export '" + uid + "' > '" + file + "'");
    }

    void exportSecret(String uid, String passphrase, Path file) {
        shell("gpg --batch --pinentry-mode loopback --passphrase '" + passphrase + "' --armor --export-secret-keys '"
                + uid + "' > '" + file + "'");
    }

    /** {@code gpg --decrypt file | zstd -d | tar -t}: the names tar lists. */
    List<String> decryptAndList(Path file, String passphrase) {
        String out = shell("gpg --batch --quiet --pinentry-mode loopback --passphrase '" + passphrase + "' --decrypt '"
                + file + "' 2>/dev/null | zstd -d | tar -t");
        return List.of(out.strip().split("\n"));
    }

    /** What gpg says about the message's packets ({@code --list-packets}), for the algorithms used. */
    String listPackets(Path file, String passphrase) {
        return shell("gpg --batch --pinentry-mode loopback --passphrase '" + passphrase + "' --list-packets '" + file
                + "' 2>/dev/null");
    }

    void encryptSymmetric(Path in, Path out, String passphrase) {
        check(
                "--batch",
                "--pinentry-mode",
                "loopback",
                "--passphrase",
                passphrase,
                "--symmetric",
                "--cipher-algo",
                "AES256",
                "--output",
                out.toString(),
                in.toString());
    }

    void encryptFor(String uid, Path in, Path out) {
        check("--batch", "--trust-model", "always", "--encrypt", "-r", uid, "--output", out.toString(), in.toString());
    }

    private String check(String... args) {
        var command = new ArrayList<String>();
        command.add("gpg");
        command.addAll(List.of(args));
        var result = Processes.command(command).environment(env()).run();
        if (result.exitCode() != 0) {
            throw new AssertionError(String.join(" ", command.subList(0, 2)) + "... failed: " + result.output());
        }
        return result.output();
    }

    private String shell(String script) {
        var result = Processes.command("bash", "-c", "set -o pipefail; " + script)
                .environment(env())
                .run();
        if (result.exitCode() != 0) {
            throw new AssertionError("'" + script + "' failed: " + result.output());
        }
        return result.output();
    }

    private Map<String, String> env() {
        return Map.of("GNUPGHOME", home.toString());
    }

    @Override
    public void close() throws IOException {
        Processes.command("gpgconf", "--kill", "all").environment(env()).run();
        com.opscenter.archive.io.DurableFiles.deleteRecursively(home);
    }
}
