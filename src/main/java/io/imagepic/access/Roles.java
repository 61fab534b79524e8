package io.imagepic.access;

/**
 * The roles of the service. Admins are named by configuration; everyone else who registers is a member.
 * Service tokens have {@code service}, plus {@code admin} when they hold the admin scope.
 */
public final class Roles {

    public static final String ADMIN = "admin";
    public static final String MEMBER = "member";
    public static final String SERVICE = "service";

    private Roles() {
    }
}
