package com.opscenter.cron;

import java.util.List;
import java.util.Locale;

/**
 * One of the five cron fields, parsed into a bit set (bit n set = value n matches). Parsing is hand-written,
 * not regex-based, so that no input can make it slow.
 */
enum CronField {
    MINUTE("minute", 0, 59, List.of(), 0),
    HOUR("hour", 0, 23, List.of(), 0),
    DAY_OF_MONTH("day-of-month", 1, 31, List.of(), 0),
    MONTH(
            "month",
            1,
            12,
            List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"),
            1),
    // 0 and 7 are both Sunday on input; 7 is folded into 0, so the parsed set only uses 0-6.
    DAY_OF_WEEK("day-of-week", 0, 7, List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"), 0);

    private static final int MAX_DIGITS = 4;

    final String label;
    final int min;
    final int max;
    private final List<String> names;
    private final int firstNameValue;

    CronField(String label, int min, int max, List<String> names, int firstNameValue) {
        this.label = label;
        this.min = min;
        this.max = max;
        this.names = names;
        this.firstNameValue = firstNameValue;
    }

    /** The highest value a parsed set can contain. */
    int last() {
        return this == DAY_OF_WEEK ? 6 : max;
    }

    long all() {
        return range(min, last());
    }

    boolean isAll(long bits) {
        return bits == all();
    }

    long parse(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isAsciiDigit(c) && !isAsciiLetter(c) && c != '*' && c != ',' && c != '-' && c != '/') {
                throw invalid("%s field contains invalid character '%s'", label, printable(c));
            }
        }
        long bits = 0;
        for (String element : text.split(",", -1)) {
            bits |= parseElement(element);
        }
        if (this == DAY_OF_WEEK && (bits & bit(7)) != 0) {
            bits = (bits & ~bit(7)) | bit(0);
        }
        return bits;
    }

    private long parseElement(String element) {
        if (element.isEmpty()) {
            throw invalid("%s field has an empty element in its list", label);
        }
        int slash = element.indexOf('/');
        String rangeText = slash < 0 ? element : element.substring(0, slash);
        int step = 1;
        if (slash >= 0) {
            String stepText = element.substring(slash + 1);
            if (stepText.isEmpty() || !stepText.chars().allMatch(CronField::isAsciiDigit)) {
                throw invalid("%s step '%s' is not a positive number", label, stepText);
            }
            if (stepText.length() > MAX_DIGITS || Integer.parseInt(stepText) < 1 || Integer.parseInt(stepText) > max) {
                throw invalid("%s step %s is out of range 1-%d", label, stepText, max);
            }
            step = Integer.parseInt(stepText);
        }
        int from;
        int to;
        if (rangeText.equals("*")) {
            from = min;
            to = last();
        } else {
            int dash = rangeText.indexOf('-');
            if (dash < 0) {
                from = value(rangeText);
                // "a/n" means "from a to the end, every n"; a plain "a" is just a.
                to = slash < 0 ? from : last();
            } else {
                if (rangeText.indexOf('-', dash + 1) >= 0) {
                    throw invalid("%s range '%s' has more than one '-'", label, rangeText);
                }
                from = value(rangeText.substring(0, dash));
                to = value(rangeText.substring(dash + 1));
                if (from > to) {
                    throw invalid("%s range %s is reversed; write the lower value first", label, rangeText);
                }
            }
        }
        long bits = 0;
        for (int v = from; v <= to; v += step) {
            bits |= bit(v);
        }
        return bits;
    }

    private int value(String text) {
        if (text.isEmpty()) {
            throw invalid("%s field has a range with a missing value", label);
        }
        int value;
        if (text.chars().allMatch(CronField::isAsciiDigit)) {
            value = text.length() > MAX_DIGITS ? Integer.MAX_VALUE : Integer.parseInt(text);
        } else if (!names.isEmpty() && names.contains(text.toUpperCase(Locale.ROOT))) {
            value = names.indexOf(text.toUpperCase(Locale.ROOT)) + firstNameValue;
        } else if (names.isEmpty()) {
            throw invalid("%s value '%s' is not a number", label, text);
        } else {
            throw invalid(
                    "%s value '%s' is not a number or a name %s-%s",
                    label, text, names.get(0), names.get(names.size() - 1));
        }
        if (value < min || value > max) {
            throw invalid("%s %s is out of range %d-%d", label, text, min, max);
        }
        return value;
    }

    /** Comma-separated values, runs of three or more written as ranges: 0,30 or 1-5 or 1,15,20-25. */
    String render(long bits) {
        StringBuilder out = new StringBuilder();
        int v = Long.numberOfTrailingZeros(bits);
        while (v < Long.SIZE) {
            int end = v;
            while (end + 1 < Long.SIZE && (bits & bit(end + 1)) != 0) {
                end++;
            }
            if (out.length() > 0) {
                out.append(',');
            }
            if (end - v >= 2) {
                out.append(v).append('-').append(end);
            } else {
                out.append(v);
                if (end > v) {
                    out.append(',').append(end);
                }
            }
            bits &= ~range(v, end);
            v = Long.numberOfTrailingZeros(bits);
        }
        return out.toString();
    }

    static long bit(int value) {
        return 1L << value;
    }

    /** Bits from..to inclusive. */
    static long range(int from, int to) {
        return (-1L >>> (Long.SIZE - 1 - to)) & (-1L << from);
    }

    /** The smallest value in bits that is >= from, or -1. */
    static int nextSetBit(long bits, int from) {
        long masked = bits & (-1L << from);
        return masked == 0 ? -1 : Long.numberOfTrailingZeros(masked);
    }

    /** The largest value in bits that is <= from, or -1. */
    static int previousSetBit(long bits, int from) {
        long masked = bits & range(0, from);
        return masked == 0 ? -1 : Long.SIZE - 1 - Long.numberOfLeadingZeros(masked);
    }

    private static boolean isAsciiDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAsciiLetter(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static String printable(char c) {
        return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c);
    }

    static InvalidCronExpressionException invalid(String format, Object... args) {
        return new InvalidCronExpressionException(String.format(Locale.ROOT, format, args));
    }
}
