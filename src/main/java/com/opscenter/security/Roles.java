package com.opscenter.security;

/** The two roles of the spec; the token's {@code groups} claim carries them. */
public final class Roles {
    public static final String ADMIN = "admin";
    public static final String MODERATOR = "moderator";

    private Roles() {}
}
