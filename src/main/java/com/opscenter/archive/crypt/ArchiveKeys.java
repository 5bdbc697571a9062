package com.opscenter.archive.crypt;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPEncryptedData;
import org.bouncycastle.openpgp.PGPEncryptedDataList;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPMarker;
import org.bouncycastle.openpgp.PGPOnePassSignatureList;
import org.bouncycastle.openpgp.PGPPBEEncryptedData;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKeyEncryptedData;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRingCollection;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;
import org.bouncycastle.openpgp.operator.jcajce.JcaKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.jcajce.JcePBEDataDecryptorFactoryBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePublicKeyDataDecryptorFactoryBuilder;

/**
 * What stored archives can be opened with: passphrases (the current one first, older ones after it) and private
 * keys (every key of the configured key files, so archives of a rotated-out key still open while its key is
 * listed). Reads OpenPGP messages as gpg 2.2 writes them too: compressed or not, with an integrity packet; one
 * without integrity protection is refused.
 */
public final class ArchiveKeys {

    public static final ArchiveKeys NONE = new ArchiveKeys(List.of(), List.of(), null);

    private final List<char[]> passphrases;
    private final List<PGPSecretKeyRing> secretRings;
    private final char[] secretKeyPassphrase;

    private ArchiveKeys(List<char[]> passphrases, List<PGPSecretKeyRing> secretRings, char[] secretKeyPassphrase) {
        this.passphrases = passphrases;
        this.secretRings = secretRings;
        this.secretKeyPassphrase = secretKeyPassphrase;
    }

    /**
     * {@code privateKeyPassphrase} unlocks the private keys (null or empty: they are not protected). Unreadable
     * key files are an {@link IOException} naming the file.
     */
    public static ArchiveKeys of(List<String> passphrases, List<Path> privateKeyFiles, String privateKeyPassphrase)
            throws IOException {
        List<char[]> secrets = new ArrayList<>();
        for (String p : passphrases) {
            if (p != null && !p.isEmpty()) {
                secrets.add(p.toCharArray());
            }
        }
        List<PGPSecretKeyRing> rings = new ArrayList<>();
        for (Path file : privateKeyFiles) {
            try (InputStream in = OpenPgp.keyFile(file)) {
                var collection = new PGPSecretKeyRingCollection(in, new JcaKeyFingerprintCalculator());
                collection.forEach(rings::add);
            } catch (PGPException | RuntimeException e) {
                throw new IOException("private key file " + file + " holds no readable OpenPGP private key", e);
            }
        }
        return new ArchiveKeys(
                List.copyOf(secrets),
                List.copyOf(rings),
                privateKeyPassphrase == null ? new char[0] : privateKeyPassphrase.toCharArray());
    }

    public boolean isEmpty() {
        return passphrases.isEmpty() && secretRings.isEmpty();
    }

    /** Ids of the private keys held, as gpg prints them; for messages, never a secret. */
    public List<String> privateKeyIds() {
        List<String> ids = new ArrayList<>();
        for (PGPSecretKeyRing ring : secretRings) {
            for (PGPSecretKey key : ring) {
                ids.add(OpenPgp.keyId(key.getKeyID()));
            }
        }
        return ids;
    }

    /**
     * The plaintext of the OpenPGP message {@code in}: the content of its literal packet. Reading it to its end
     * checks the integrity packet; a mismatch is an {@link IOException}. {@link ArchiveKeyException} when no key
     * held opens the message. Closing the result does not close {@code in}.
     */
    public InputStream decrypt(InputStream in) throws IOException {
        PGPEncryptedDataList list = encryptedDataList(in);
        List<String> tried = new ArrayList<>();
        boolean wantsPassphrase = false;
        for (PGPEncryptedData data : list) {
            if (data instanceof PGPPBEEncryptedData pbe) {
                wantsPassphrase = true;
                for (char[] passphrase : passphrases) {
                    try {
                        InputStream clear = pbe.getDataStream(new JcePBEDataDecryptorFactoryBuilder(OpenPgp.digests())
                                .setProvider(OpenPgp.AES)
                                .build(passphrase));
                        return content(clear, pbe);
                    } catch (PGPException e) {
                        // not this passphrase; the next one may be
                    }
                }
            } else if (data instanceof PGPPublicKeyEncryptedData pk) {
                tried.add(OpenPgp.keyId(pk.getKeyID()));
                for (PGPPrivateKey key : privateKeys(pk.getKeyID())) {
                    try {
                        InputStream clear = pk.getDataStream(new JcePublicKeyDataDecryptorFactoryBuilder()
                                .setProvider(OpenPgp.BC)
                                .setContentProvider(OpenPgp.AES)
                                .build(key));
                        return content(clear, pk);
                    } catch (PGPException e) {
                        // a key of that id that does not decrypt it (an anonymous recipient): try the next
                    }
                }
            }
        }
        if (!tried.isEmpty()) {
            throw new ArchiveKeyException("the archive is encrypted for key(s) " + String.join(", ", tried)
                    + (wantsPassphrase ? " or a passphrase" : "")
                    + (secretRings.isEmpty()
                            ? "; no private key is configured"
                            : "; none of the configured private keys (" + String.join(", ", privateKeyIds())
                                    + ") opens it"));
        }
        throw new ArchiveKeyException(
                passphrases.isEmpty()
                        ? "the archive is encrypted with a passphrase; no passphrase is configured"
                        : "the archive is encrypted with a passphrase; the configured passphrase does not open it");
    }

    private static PGPEncryptedDataList encryptedDataList(InputStream in) throws IOException {
        var factory = new JcaPGPObjectFactory(in);
        Object o;
        try {
            o = factory.nextObject();
            while (o instanceof PGPMarker) {
                o = factory.nextObject();
            }
        } catch (IOException | RuntimeException e) {
            throw new IOException("not a readable OpenPGP message: " + e.getMessage(), e);
        }
        if (o instanceof PGPEncryptedDataList list) {
            return list;
        }
        throw new IOException("not an encrypted OpenPGP message");
    }

    /** The private keys of that id the configured files hold, unlocked; a wrong passphrase is said so. */
    private List<PGPPrivateKey> privateKeys(long keyId) throws ArchiveKeyException {
        List<PGPPrivateKey> keys = new ArrayList<>();
        for (PGPSecretKeyRing ring : secretRings) {
            PGPSecretKey secret = ring.getSecretKey(keyId);
            if (secret == null || secret.isPrivateKeyEmpty()) {
                continue;
            }
            try {
                keys.add(secret.extractPrivateKey(new JcePBESecretKeyDecryptorBuilder(OpenPgp.digests())
                        .setProvider(OpenPgp.BC)
                        .build(secretKeyPassphrase)));
            } catch (PGPException e) {
                throw new ArchiveKeyException("the private key " + OpenPgp.keyId(keyId)
                        + " that opens this archive could not be unlocked: the private key passphrase is wrong or"
                        + " missing");
            }
        }
        return keys;
    }

    private static InputStream content(InputStream clear, PGPEncryptedData encrypted) throws IOException {
        if (!encrypted.isIntegrityProtected()) {
            throw new IOException("the encrypted archive has no integrity protection (no MDC); it is refused");
        }
        try {
            var factory = new JcaPGPObjectFactory(clear);
            Object o = factory.nextObject();
            if (o instanceof PGPCompressedData compressed) {
                factory = new JcaPGPObjectFactory(compressed.getDataStream());
                o = factory.nextObject();
            }
            if (o instanceof PGPOnePassSignatureList) {
                o = factory.nextObject();
            }
            if (!(o instanceof PGPLiteralData literal)) {
                throw new IOException("the encrypted archive holds no literal data packet");
            }
            return new Checked(literal.getInputStream(), encrypted);
        } catch (PGPException e) {
            throw new IOException("the encrypted archive is not readable: " + e.getMessage(), e);
        }
    }

    /** The literal content; at its end, the integrity packet is checked before the end is reported. */
    private static final class Checked extends FilterInputStream {
        private final PGPEncryptedData encrypted;
        private boolean verified;

        Checked(InputStream in, PGPEncryptedData encrypted) {
            super(in);
            this.encrypted = encrypted;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b < 0) {
                verify();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n < 0) {
                verify();
            }
            return n;
        }

        private void verify() throws IOException {
            if (verified) {
                return;
            }
            try {
                if (!encrypted.verify()) {
                    throw new IOException("the encrypted archive failed its integrity check (modification detection"
                            + " code mismatch): it was changed or damaged after it was written");
                }
            } catch (PGPException e) {
                throw new IOException("the encrypted archive failed its integrity check: " + e.getMessage(), e);
            }
            verified = true;
        }

        @Override
        public void close() {
            // the caller closes the file
        }
    }
}
