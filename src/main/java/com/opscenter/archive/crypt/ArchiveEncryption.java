package com.opscenter.archive.crypt;

import com.opscenter.archive.format.EncryptionInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.operator.PGPDataEncryptor;
import org.bouncycastle.openpgp.operator.PGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.PGPDigestCalculator;
import org.bouncycastle.openpgp.operator.jcajce.JcaKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.jcajce.JcePBEKeyEncryptionMethodGenerator;
import org.bouncycastle.openpgp.operator.jcajce.JcePGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePublicKeyKeyEncryptionMethodGenerator;

/**
 * How new archives are encrypted: an OpenPGP message (binary, RFC 4880) that gpg 2.2 decrypts, AES-256 in an
 * integrity-protected packet (SEIPD v1 with its SHA-1 MDC), holding one literal packet with the compressed tar.
 * Either for a passphrase (iterated and salted SHA-256 S2K at the largest count, 65 MiB hashed per attempt; gpg
 * 2.2 does not read argon2) or for the encryption keys of one or more recipients. Streams with fixed buffers.
 */
public final class ArchiveEncryption {

    public static final String PASSPHRASE = "passphrase";
    public static final String PUBLIC_KEY = "public_key";

    /** The S2K count byte: 65011712 bytes hashed, as much as OpenPGP can say. */
    private static final int S2K_COUNT = 0xff;

    private static final int PACKET_BUFFER = 1 << 16;

    private final char[] passphrase;
    private final List<PGPPublicKey> recipients;
    private final SecureRandom random = new SecureRandom();

    private ArchiveEncryption(char[] passphrase, List<PGPPublicKey> recipients) {
        this.passphrase = passphrase;
        this.recipients = recipients;
    }

    public static ArchiveEncryption passphrase(String passphrase) {
        if (passphrase == null || passphrase.isEmpty()) {
            throw new IllegalArgumentException("the encryption passphrase is empty");
        }
        return new ArchiveEncryption(passphrase.toCharArray(), List.of());
    }

    /** For every key ring in the armored files: its encryption-capable keys that have not expired or been revoked. */
    public static ArchiveEncryption recipients(List<Path> publicKeyFiles) throws IOException {
        List<PGPPublicKey> keys = new ArrayList<>();
        for (Path file : publicKeyFiles) {
            int before = keys.size();
            try (InputStream in = OpenPgp.keyFile(file)) {
                var rings = new PGPPublicKeyRingCollection(in, new JcaKeyFingerprintCalculator());
                for (PGPPublicKeyRing ring : rings) {
                    for (PGPPublicKey key : ring) {
                        if (key.isEncryptionKey() && !key.hasRevocation() && !expired(key)) {
                            keys.add(key);
                            break;
                        }
                    }
                }
            } catch (PGPException | RuntimeException e) {
                throw new IOException("public key file " + file + " holds no readable OpenPGP public key", e);
            }
            if (keys.size() == before) {
                throw new IOException("public key file " + file + " holds no usable encryption key");
            }
        }
        if (keys.isEmpty()) {
            throw new IOException("no public key file given");
        }
        return new ArchiveEncryption(null, List.copyOf(keys));
    }

    /**
     * The data encryptor with the integrity packet's SHA-1 from the JDK: Bouncy Castle's own SHA-1 would take
     * longer than the AES it accompanies.
     */
    private record JdkIntegrity(PGPDataEncryptorBuilder builder) implements PGPDataEncryptorBuilder {
        @Override
        public int getAlgorithm() {
            return builder.getAlgorithm();
        }

        @Override
        public int getAeadAlgorithm() {
            return builder.getAeadAlgorithm();
        }

        @Override
        public int getChunkSize() {
            return builder.getChunkSize();
        }

        @Override
        public boolean isV5StyleAEAD() {
            return builder.isV5StyleAEAD();
        }

        @Override
        public PGPDataEncryptor build(byte[] keyBytes) throws PGPException {
            PGPDataEncryptor encryptor = builder.build(keyBytes);
            PGPDigestCalculator sha1 = OpenPgp.digests().get(HashAlgorithmTags.SHA1);
            return new PGPDataEncryptor() {
                @Override
                public OutputStream getOutputStream(OutputStream out) {
                    return encryptor.getOutputStream(out);
                }

                @Override
                public PGPDigestCalculator getIntegrityCalculator() {
                    return sha1;
                }

                @Override
                public int getBlockSize() {
                    return encryptor.getBlockSize();
                }
            };
        }

        @Override
        public SecureRandom getSecureRandom() {
            return builder.getSecureRandom();
        }

        @Override
        public PGPDataEncryptorBuilder setWithIntegrityPacket(boolean with) {
            return new JdkIntegrity(builder.setWithIntegrityPacket(with));
        }

        @Override
        public PGPDataEncryptorBuilder setWithAEAD(int aead, int chunkSize) {
            return new JdkIntegrity(builder.setWithAEAD(aead, chunkSize));
        }

        @Override
        public PGPDataEncryptorBuilder setUseV5AEAD() {
            return new JdkIntegrity(builder.setUseV5AEAD());
        }

        @Override
        public PGPDataEncryptorBuilder setUseV6AEAD() {
            return new JdkIntegrity(builder.setUseV6AEAD());
        }
    }

    private static boolean expired(PGPPublicKey key) {
        long seconds = key.getValidSeconds();
        return seconds > 0 && key.getCreationTime().getTime() + seconds * 1000 < System.currentTimeMillis();
    }

    public String mode() {
        return passphrase != null ? PASSPHRASE : PUBLIC_KEY;
    }

    /** Fingerprints of the keys an archive is encrypted for; none for a passphrase. */
    public List<String> keyFingerprints() {
        return recipients.stream().map(OpenPgp::fingerprint).toList();
    }

    /** What the sidecar records: the mode and the key fingerprints, no secret. */
    public EncryptionInfo info() {
        return new EncryptionInfo(mode(), keyFingerprints());
    }

    /**
     * Wraps {@code out}: what is written to the result is encrypted into it. Closing the result ends the message
     * and closes {@code out}. {@code innerName} goes into the literal packet, as gpg's --use-embedded-filename
     * would name the decrypted file.
     */
    public OutputStream encrypt(OutputStream out, String innerName) throws IOException {
        Objects.requireNonNull(out, "out");
        var encryptor = new JcePGPDataEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256)
                .setProvider(OpenPgp.AES)
                .setWithIntegrityPacket(true)
                .setSecureRandom(random);
        var generator = new PGPEncryptedDataGenerator(new JdkIntegrity(encryptor));
        if (passphrase != null) {
            try {
                generator.addMethod(new JcePBEKeyEncryptionMethodGenerator(
                                passphrase, OpenPgp.digests().get(HashAlgorithmTags.SHA256), S2K_COUNT)
                        .setProvider(OpenPgp.BC)
                        .setSecureRandom(random));
            } catch (PGPException e) {
                throw new IOException("cannot set up passphrase encryption: " + e.getMessage(), e);
            }
        }
        for (PGPPublicKey key : recipients) {
            generator.addMethod(new JcePublicKeyKeyEncryptionMethodGenerator(key)
                    .setProvider(OpenPgp.BC)
                    .setSecureRandom(random));
        }
        OutputStream encrypted;
        try {
            encrypted = generator.open(out, new byte[PACKET_BUFFER]);
        } catch (PGPException e) {
            throw new IOException("cannot start the encrypted archive: " + e.getMessage(), e);
        }
        var literal = new PGPLiteralDataGenerator();
        OutputStream plain =
                literal.open(encrypted, PGPLiteralData.BINARY, innerName, new Date(), new byte[PACKET_BUFFER]);
        return new OutputStream() {
            private boolean closed;

            @Override
            public void write(int b) throws IOException {
                plain.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                plain.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                if (closed) {
                    return;
                }
                closed = true;
                literal.close();
                generator.close();
                out.close();
            }
        };
    }
}
