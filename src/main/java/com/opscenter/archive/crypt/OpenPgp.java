package com.opscenter.archive.crypt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Provider;
import java.util.HexFormat;
import java.util.Locale;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.PGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPDigestCalculatorProviderBuilder;

/** What the two sides share: recognising an OpenPGP message, reading key files, naming keys. */
public final class OpenPgp {

    /** File name suffix of an encrypted archive: {@code backup-...tar.zst.gpg}. */
    public static final String SUFFIX = com.opscenter.archive.format.ArchiveFormat.ENCRYPTED_SUFFIX;

    /**
     * Bouncy Castle's provider for the key operations (RSA, ECDH on Curve25519, key unwrapping), used as an object
     * and never registered, so the server's JCA setup is unchanged. Bulk encryption uses the JDK's AES, which runs
     * on the processor's AES instructions.
     */
    static final Provider BC = new BouncyCastleProvider();

    /** The JDK's provider of the cipher the content is encrypted with (AES in CFB mode). */
    static final Provider AES = aesProvider();

    private OpenPgp() {}

    private static Provider aesProvider() {
        try {
            return javax.crypto.Cipher.getInstance("AES/CFB/NoPadding").getProvider();
        } catch (java.security.GeneralSecurityException e) {
            return BC;
        }
    }

    /**
     * Whether {@code head} starts an OpenPGP message as we and gpg write them: a public-key or a symmetric-key
     * encrypted session key packet (tag 1 or 3, old or new packet format) with a version this reader knows. No
     * compressed tar starts so; a plain tar of ours starts with an ASCII name.
     */
    public static boolean looksEncrypted(byte[] head, int n) {
        if (n < 3 || (head[0] & 0x80) == 0) {
            return false;
        }
        int b = head[0] & 0xff;
        int tag;
        int bodyStart;
        if ((b & 0x40) != 0) {
            tag = b & 0x3f;
            int len = head[1] & 0xff;
            bodyStart = len < 192 ? 2 : len < 224 ? 3 : len == 255 ? 6 : -1;
        } else {
            tag = (b >> 2) & 0x0f;
            int lengthType = b & 0x03;
            bodyStart = lengthType == 0 ? 2 : lengthType == 1 ? 3 : lengthType == 2 ? 5 : -1;
        }
        if (bodyStart < 0 || bodyStart >= n) {
            return false;
        }
        int version = head[bodyStart] & 0xff;
        return (tag == 1 && version == 3) || (tag == 3 && version == 4);
    }

    /** Reads an armored (or binary) key file; the caller parses it. */
    static InputStream keyFile(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("key file " + file + " does not exist or is not a file");
        }
        return PGPUtil.getDecoderStream(Files.newInputStream(file));
    }

    /** The JDK's digests: SHA-1 and SHA-256 run on the processor's SHA instructions, several times BC's speed. */
    static PGPDigestCalculatorProvider digests() {
        try {
            return new JcaPGPDigestCalculatorProviderBuilder().build();
        } catch (PGPException e) {
            throw new IllegalStateException("no OpenPGP digests available", e);
        }
    }

    /** The key's fingerprint, upper-case hex, as gpg prints it. */
    public static String fingerprint(PGPPublicKey key) {
        return HexFormat.of().formatHex(key.getFingerprint()).toUpperCase(Locale.ROOT);
    }

    /** The 64-bit key id, upper-case hex, as gpg prints it in messages. */
    public static String keyId(long keyId) {
        return String.format("%016X", keyId);
    }
}
