package io.imagepic.auth;

/** The two roles of the service. Admins are named by configuration; everyone else who registers is a member. */
public final class Roles {

    public static final String ADMIN = "admin";
    public static final String MEMBER = "member";

    private Roles() {
    }
}
