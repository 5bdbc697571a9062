package com.opscenter.archive.io;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;

/**
 * The fields of a {@code stat} that the JDK reads with every look-up through a folder handle but shows only by
 * path ({@code unix:mode}, {@code unix:nlink}, ...): reading them again by path costs a second look-up of every file
 * and a map of boxed values, a third of a cold walk's system time on a million files. Where the JVM opens
 * {@code java.base/sun.nio.fs} to us ({@code --add-opens}, as liberty/jvm.options does), they come from the
 * attributes already read; elsewhere {@link #available()} is false and callers read by path.
 */
public final class UnixStat {

    private static final Class<?> TYPE;
    private static final MethodHandle MODE;
    private static final MethodHandle INO;
    private static final MethodHandle DEV;
    private static final MethodHandle NLINK;
    private static final MethodHandle UID;
    private static final MethodHandle GID;
    private static final MethodHandle CTIME;

    static {
        Class<?> type = null;
        MethodHandle[] h = new MethodHandle[7];
        try {
            type = Class.forName("sun.nio.fs.UnixFileAttributes");
            var lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
            h[0] = getter(lookup, type, "mode", int.class);
            h[1] = getter(lookup, type, "ino", long.class);
            h[2] = getter(lookup, type, "dev", long.class);
            h[3] = getter(lookup, type, "nlink", int.class);
            h[4] = getter(lookup, type, "uid", int.class);
            h[5] = getter(lookup, type, "gid", int.class);
            h[6] = getter(lookup, type, "ctime", FileTime.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            type = null; // not a Unix JDK, or the package is not opened to us: callers read by path
        }
        TYPE = type;
        MODE = h[0];
        INO = h[1];
        DEV = h[2];
        NLINK = h[3];
        UID = h[4];
        GID = h[5];
        CTIME = h[6];
    }

    private UnixStat() {}

    private static MethodHandle getter(MethodHandles.Lookup lookup, Class<?> type, String name, Class<?> result)
            throws ReflectiveOperationException {
        return lookup.findVirtual(type, name, MethodType.methodType(result))
                .asType(MethodType.methodType(result, Object.class));
    }

    /** Whether {@link #of} and {@link #linkCount} answer for attributes read through a folder handle. */
    public static boolean available() {
        return TYPE != null;
    }

    /** The link count in the attributes, or -1 when these attributes do not carry one we can read. */
    public static int linkCount(BasicFileAttributes attributes) {
        if (TYPE == null || !TYPE.isInstance(attributes)) {
            return -1;
        }
        try {
            return (int) NLINK.invokeExact((Object) attributes);
        } catch (Throwable e) {
            return -1;
        }
    }

    /**
     * What {@code Files.readAttributes(path, "unix:mode,ino,dev,nlink,uid,gid,size,lastModifiedTime,ctime,fileKey")}
     * answers, taken from these attributes; null when they do not carry the fields.
     */
    public static Map<String, Object> of(BasicFileAttributes attributes) {
        if (TYPE == null || !TYPE.isInstance(attributes)) {
            return null;
        }
        Object a = attributes;
        Map<String, Object> map = new HashMap<>(24);
        try {
            map.put("mode", (int) MODE.invokeExact(a));
            map.put("ino", (long) INO.invokeExact(a));
            map.put("dev", (long) DEV.invokeExact(a));
            map.put("nlink", (int) NLINK.invokeExact(a));
            map.put("uid", (int) UID.invokeExact(a));
            map.put("gid", (int) GID.invokeExact(a));
            map.put("ctime", (FileTime) CTIME.invokeExact(a));
        } catch (Throwable e) {
            return null;
        }
        map.put("size", attributes.size());
        map.put("lastModifiedTime", attributes.lastModifiedTime());
        map.put("fileKey", attributes.fileKey());
        return map;
    }
}
