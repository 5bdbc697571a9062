package com.opscenter.storage.control;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The link count of attributes read through a folder handle. The JDK reads it with every {@code fstatat} but
 * only shows it by path ({@code unix:nlink}), which costs a second look-up of every file: a third of a cold walk's
 * system time on a million files. Where the JVM opens {@code java.base/sun.nio.fs} to us
 * ({@code --add-opens}, as liberty/jvm.options does), the count comes from the attributes already read;
 * elsewhere callers fall back to the look-up by path.
 */
final class LinkCounts {

    private static final MethodHandle NLINK = find();

    private LinkCounts() {}

    /** Whether {@link #of} answers; otherwise it always answers -1. */
    static boolean available() {
        return NLINK != null;
    }

    /** The link count in the attributes, or -1 when these attributes do not carry one we can read. */
    static int of(BasicFileAttributes attributes) {
        if (NLINK == null || !NLINK.type().parameterType(0).isInstance(attributes)) {
            return -1;
        }
        try {
            return (int) NLINK.invoke(attributes);
        } catch (Throwable e) {
            return -1;
        }
    }

    private static MethodHandle find() {
        try {
            var attributes = Class.forName("sun.nio.fs.UnixFileAttributes");
            return MethodHandles.privateLookupIn(attributes, MethodHandles.lookup())
                    .findVirtual(attributes, "nlink", MethodType.methodType(int.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // not a Unix JDK, or the package is not opened to us: callers look up by path
        }
    }
}
