package com.opscenter.archive;

import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/** User and group names of the archived files, looked up once per id: a passwd lookup per file costs more than the stat. */
final class OwnerNames {

    private final Map<Long, String> userNames = new HashMap<>();
    private final Map<Long, String> groupNames = new HashMap<>();

    /** {@code attrs} are the file's attributes as its folder's handle read them; their owner is resolved here. */
    void lookUp(long uid, long gid, PosixFileAttributes attrs) {
        if (!userNames.containsKey(uid)) {
            userNames.put(uid, principalName(attrs::owner));
        }
        if (!groupNames.containsKey(gid)) {
            groupNames.put(gid, principalName(attrs::group));
        }
    }

    /** The name for the tar header; empty when unknown. */
    String user(long uid) {
        return userNames.getOrDefault(uid, "");
    }

    String group(long gid) {
        return groupNames.getOrDefault(gid, "");
    }

    /** The name for the manifest; null when never looked up. */
    String userOrNull(long uid) {
        return userNames.get(uid);
    }

    String groupOrNull(long gid) {
        return groupNames.get(gid);
    }

    private static String principalName(Supplier<UserPrincipal> principal) {
        try {
            String n = principal.get().getName();
            // An id without a passwd entry comes back as the number itself; tar then leaves the name empty.
            return n.chars().allMatch(Character::isDigit) ? "" : n;
        } catch (RuntimeException e) {
            return "";
        }
    }
}
