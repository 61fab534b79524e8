package io.imagepic.bucket;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.imagepic.web.BucketNames;

/** Body of a grant: {@code {"bucketName": "fe-image", "member": "13800138000", "role": "write"}}. */
public record MemberRequest(
        @NotBlank @Pattern(regexp = BucketNames.PATTERN, message = BucketNames.RULE) String bucketName,
        @Schema(description = "The phone of the member's account") @NotBlank String member,
        @Schema(enumeration = {
                "read", "write", "manage" }) @NotNull @Pattern(regexp = ROLES, message = ROLE_RULE) String role){

    static final String ROLES = "read|write|manage";
    static final String ROLE_RULE = "must be 'read', 'write' or 'manage'";
}
