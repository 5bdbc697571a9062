package com.opscenter.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.opscenter.archive.crypt.ArchiveEncryption;
import com.opscenter.archive.crypt.ArchiveKeyException;
import com.opscenter.archive.crypt.ArchiveKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our encrypted archives against Debian's gpg (2.2), both ways: gpg decrypts what we wrote ({@code gpg --decrypt |
 * zstd -d | tar -t}), and we read what gpg encrypted, for a passphrase and for public keys. The keys are generated
 * by gpg itself in a temporary GNUPGHOME: an RSA key (gpg 2.2's default) and a Curve25519 one.
 */
class GpgInteropTest {

    private static final String PASSPHRASE = "gpg and us, both ways";
    private static final String KEY_PASSPHRASE = "unlock the private key";
    private static final String RSA = "Ops Center RSA <rsa@ops.example>";
    private static final String CURVE = "Ops Center 25519 <curve@ops.example>";
    private static final List<String> LISTED = List.of(
            "volumes/data/", "volumes/data/a.txt", "volumes/data/sub/", "volumes/data/sub/b.bin", "volumes/data/link");

    @TempDir
    static Path keys;

    private static Gpg gpg;

    @TempDir
    Path tmp;

    @BeforeAll
    static void generateKeys() throws IOException {
        gpg = new Gpg();
        gpg.generate(RSA, "default", KEY_PASSPHRASE);
        gpg.generate(CURVE, "future-default", KEY_PASSPHRASE);
        gpg.exportPublic(RSA, keys.resolve("rsa.pub.asc"));
        gpg.exportPublic(CURVE, keys.resolve("curve.pub.asc"));
        gpg.exportSecret(RSA, KEY_PASSPHRASE, keys.resolve("rsa.sec.asc"));
        gpg.exportSecret(CURVE, KEY_PASSPHRASE, keys.resolve("curve.sec.asc"));
    }

    @AfterAll
    static void stopGpg() throws IOException {
        gpg.close();
    }

    @Test
    void gpgDecryptsAPassphraseArchive() throws IOException {
        ArchiveResult result = write(ArchiveEncryption.passphrase(PASSPHRASE));

        assertThat(gpg.decryptAndList(result.archive(), PASSPHRASE)).containsAll(LISTED);
        String packets = gpg.listPackets(result.archive(), PASSPHRASE);
        // cipher 9 is AES-256, s2k 3 iterated and salted, hash 8 SHA-256; mdc_method 2 is the integrity packet.
        assertThat(packets).contains("symkey enc packet: version 4, cipher 9", "s2k 3, hash 8", "mdc_method: 2");
    }

    @Test
    void gpgDecryptsAnArchiveForPublicKeys() throws IOException {
        ArchiveResult result = write(
                ArchiveEncryption.recipients(List.of(keys.resolve("rsa.pub.asc"), keys.resolve("curve.pub.asc"))));

        assertThat(result.sidecar().encryption().mode()).isEqualTo("public_key");
        assertThat(result.sidecar().encryption().keys()).hasSize(2);
        assertThat(gpg.decryptAndList(result.archive(), KEY_PASSPHRASE)).containsAll(LISTED);
        assertThat(gpg.listPackets(result.archive(), KEY_PASSPHRASE)).contains("pubkey enc packet", "mdc_method: 2");
    }

    @Test
    void weReadWhatGpgEncryptedWithAPassphrase() throws IOException {
        Path plain = write(null).archive();
        Path encrypted = tmp.resolve("by-gpg.tar.zst.gpg");
        gpg.encryptSymmetric(plain, encrypted, PASSPHRASE);
        ArchiveKeys passphrase = ArchiveKeys.of(List.of(PASSPHRASE), List.of(), null);

        Verifier.Result verified = new Verifier(Verifier.Limits.defaults(), tmp, passphrase)
                .verify(encrypted, TreeSnapshot.sha256(encrypted));
        assertThat(verified.valid()).as(verified.errors().toString()).isTrue();
        assertThat(verified.entriesChecked()).isTrue();
        Path restored = tmp.resolve("restored");
        new Restorer(Thread::new, passphrase).restore(encrypted, "volumes/data", restored);
        assertThat(TreeSnapshot.of(restored)).containsExactlyEntriesOf(TreeSnapshot.of(tmp.resolve("src")));
    }

    @Test
    void weReadWhatGpgEncryptedForAKeyAmongTheConfiguredOnes() throws IOException {
        Path plain = write(null).archive();
        Path forRsa = tmp.resolve("rsa.tar.zst.gpg");
        Path forCurve = tmp.resolve("curve.tar.zst.gpg");
        gpg.encryptFor(RSA, plain, forRsa);
        gpg.encryptFor(CURVE, plain, forCurve);
        // Rotation: both private keys configured; each archive opens with its own.
        ArchiveKeys both = ArchiveKeys.of(
                List.of(), List.of(keys.resolve("curve.sec.asc"), keys.resolve("rsa.sec.asc")), KEY_PASSPHRASE);

        for (Path encrypted : List.of(forRsa, forCurve)) {
            Path restored = tmp.resolve("restored-" + encrypted.getFileName());
            new Restorer(Thread::new, both).restore(encrypted, "volumes/data", restored);
            assertThat(TreeSnapshot.of(restored)).containsExactlyEntriesOf(TreeSnapshot.of(tmp.resolve("src")));
        }
    }

    @Test
    void aMissingPrivateKeyOrItsWrongPassphraseIsAKeyError() throws IOException {
        ArchiveResult result = write(ArchiveEncryption.recipients(List.of(keys.resolve("rsa.pub.asc"))));
        ArchiveKeys otherKey = ArchiveKeys.of(List.of(), List.of(keys.resolve("curve.sec.asc")), KEY_PASSPHRASE);
        ArchiveKeys wrongUnlock = ArchiveKeys.of(List.of(), List.of(keys.resolve("rsa.sec.asc")), "xyzzy-not-it");

        assertThatThrownBy(() -> new Restorer(Thread::new, otherKey).listContents(result.archive()))
                .isInstanceOf(ArchiveKeyException.class)
                .hasMessageContaining("none of the configured private keys");
        assertThatThrownBy(() -> new Restorer(Thread::new, wrongUnlock).listContents(result.archive()))
                .isInstanceOf(ArchiveKeyException.class)
                .hasMessageContaining("could not be unlocked")
                .hasMessageNotContaining("xyzzy-not-it");
        Verifier.Result unchecked = new Verifier(Verifier.Limits.defaults(), tmp, otherKey)
                .verify(result.archive(), result.sidecar().archiveSha256());
        assertThat(unchecked.valid()).isTrue();
        assertThat(unchecked.entriesChecked()).isFalse();
    }

    private ArchiveResult write(ArchiveEncryption encryption) throws IOException {
        Path source = tmp.resolve("src");
        if (!Files.exists(source)) {
            EncryptedArchiveTest.tree(source);
        }
        Path backups = Files.createDirectories(tmp.resolve(encryption == null ? "plain" : "backups"));
        ArchiveSpec spec = new ArchiveSpec(
                "backup-20261202-040000",
                backups,
                List.of(new ArchiveSpec.Source("volumes/data", source)),
                List.of(),
                Codec.ZSTD,
                3,
                "manual",
                null,
                Instant.parse("2026-12-02T04:00:00Z"),
                List.of("data"),
                List.of());
        return new Archiver(Thread::new).create(spec, encryption, Archiver.ProgressListener.NONE);
    }
}
