package io.imagepic.account;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/**
 * The first admin, created out of band as MinIO's root user and Grafana's admin are ({@code imagepic.admin.*},
 * environment {@code IMAGEPIC_ADMIN_PHONE} / {@code IMAGEPIC_ADMIN_PASSWORD}, in Kubernetes from a Secret).
 * When both are set and no account has the phone, the service creates it as an admin at start. Admin rights
 * are then granted and revoked by admins; nobody becomes an admin by registering a phone.
 */
@ConfigMapping(prefix = "imagepic.admin")
public interface AdminConfig {

    /** The first admin's phone. */
    Optional<String> phone();

    /** Its password (only read at start; change it afterwards through /imagepic/auth/change). */
    Optional<String> password();
}
