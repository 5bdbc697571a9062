package com.opscenter.storage.control;

import java.util.regex.Pattern;

/**
 * Docker's rule for volume names, applied to directory volumes too: one path segment that cannot be "." or
 * "..", so a name can never lead outside the volumes root.
 */
public final class VolumeNames {

    private static final Pattern VALID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,254}");

    private VolumeNames() {}

    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches();
    }
}
