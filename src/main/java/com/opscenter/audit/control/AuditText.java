package com.opscenter.audit.control;

/**
 * Makes text from a request safe to keep in the audit trail: control characters (C0, DEL, C1), line and
 * paragraph separators and bidirectional overrides are written as escapes, so a path or a user name cannot start
 * a forged line or reorder what an operator reads. Backslashes are doubled, so an escape in the row always came
 * from here and a caller cannot spell one.
 */
public final class AuditText {

    private AuditText() {}

    public static String neutral(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder escaped = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = replacement(c);
            if (replacement != null && escaped == null) {
                escaped = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (escaped != null) {
                if (replacement != null) {
                    escaped.append(replacement);
                } else {
                    escaped.append(c);
                }
            }
        }
        return escaped == null ? text : escaped.toString();
    }

    private static String replacement(char c) {
        return switch (c) {
            case '\\' -> "\\\\";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            default -> unsafe(c) ? String.format("\\u%04x", (int) c) : null;
        };
    }

    private static boolean unsafe(char c) {
        return c < 0x20
                || (c >= 0x7f && c <= 0x9f)
                || c == '\u2028'
                || c == '\u2029'
                || (c >= '\u202a' && c <= '\u202e')
                || (c >= '\u2066' && c <= '\u2069');
    }
}
