package com.opscenter.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.HashMap;
import java.util.Map;

/** User and group names of the archived files, looked up once per id: a passwd lookup per file costs more than the stat. */
final class OwnerNames {

    private final Map<Long, String> userNames = new HashMap<>();
    private final Map<Long, String> groupNames = new HashMap<>();

    void lookUp(long uid, long gid, Path path) {
        if (!userNames.containsKey(uid)) {
            userNames.put(uid, principalName(path, "posix:owner"));
        }
        if (!groupNames.containsKey(gid)) {
            groupNames.put(gid, principalName(path, "posix:group"));
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

    private static String principalName(Path path, String attribute) {
        try {
            String n = ((UserPrincipal) Files.getAttribute(path, attribute, LinkOption.NOFOLLOW_LINKS)).getName();
            // An id without a passwd entry comes back as the number itself; tar then leaves the name empty.
            return n.chars().allMatch(Character::isDigit) ? "" : n;
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
