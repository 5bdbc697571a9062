package com.opscenter.it;

/** The development users of liberty/dev-token-issuer.xml; each password equals the user name. */
public enum Role {
    ADMIN("admin"),
    MODERATOR("moderator"),
    VIEWER("viewer");

    final String user;

    Role(String user) {
        this.user = user;
    }
}
