package com.opscenter.backups.control;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The last bytes a command printed, as text that is safe to show: at most {@code limit} bytes are kept, decoded
 * as UTF-8 (what does not decode becomes U+FFFD), and every control or format character but line feed and tab
 * becomes U+FFFD too, so an output cannot move a terminal's cursor, fake lines in a log, or reorder text.
 */
final class OutputTail {

    static final int DEFAULT_BYTES = 4096;

    private final byte[] ring;
    private long total;

    OutputTail(int limit) {
        this.ring = new byte[limit];
    }

    synchronized void add(byte[] bytes) {
        for (byte b : bytes) {
            ring[(int) (total++ % ring.length)] = b;
        }
    }

    synchronized String text() {
        int kept = (int) Math.min(total, ring.length);
        byte[] last = new byte[kept];
        for (int i = 0; i < kept; i++) {
            last[i] = ring[(int) ((total - kept + i) % ring.length)];
        }
        return neutral(last, total > kept);
    }

    /** {@code bytes} as neutral text; {@code clipped} marks that earlier output was dropped. */
    static String neutral(byte[] bytes, boolean clipped) {
        String decoded;
        try {
            decoded = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            decoded = "";
        }
        var out = new StringBuilder(decoded.length() + 4);
        if (clipped) {
            out.append('…');
        }
        decoded.codePoints().forEach(cp -> {
            int type = Character.getType(cp);
            boolean unsafe = cp != '\n'
                    && cp != '\t'
                    && (type == Character.CONTROL
                            || type == Character.FORMAT
                            || type == Character.LINE_SEPARATOR
                            || type == Character.PARAGRAPH_SEPARATOR);
            out.appendCodePoint(unsafe ? 0xFFFD : cp);
        });
        return out.toString();
    }
}
