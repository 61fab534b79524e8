package io.imagepic.token;

import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.imagepic.access.Access;
import io.imagepic.access.Caller;
import io.imagepic.web.ApiResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Service tokens, managed by admins (signed-in users with the admin role; service tokens themselves may not,
 * so a leaked token cannot mint others). Blocking: the store is a directory of files.
 */
@Path("/imagepic/auth/tokens")
@Tag(name = "auth")
public class TokenResource {

    private final ServiceTokens tokens;
    private final RoutingContext rc;
    private final Access access;

    TokenResource(ServiceTokens tokens, RoutingContext rc, Access access) {
        this.tokens = tokens;
        this.rc = rc;
        this.access = access;
    }

    /** Admins, and people only: the admin scope of a service token is not enough (a token never mints tokens). */
    private Caller admin() {
        return access.requireAdminPerson(Caller.of(rc));
    }

    @POST
    @Operation(summary = "Create a service token (admin)", description = "The secret (data.token) is answered once and never again; send it as the authorization header. expiresAt defaults to, and may not be later than, imagepic.tokens.max-lifetime (1 year) from now. The token acts only while its owner (the admin who made it) exists and is enabled, and, with the admin scope, is still an admin.")
    @RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "bff", value = "{\"name\":\"shop-bff\",\"scopes\":[\"upload\",\"remove\"],\"buckets\":[\"shop-images\"],\"expiresAt\":\"2027-06-30T00:00:00Z\"}")))
    @APIResponse(responseCode = "200", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "created", value = "{\"code\":\"0\",\"data\":{\"token\":\"ipt_9f2c4e0a1b3d5f70_Xq3...\",\"id\":\"9f2c4e0a1b3d5f70\",\"name\":\"shop-bff\",\"owner\":{\"id\":\"3b377e14-f1e4-4b74-87a7-dc03d71f0f30\",\"name\":\"13800138000\"},\"scopes\":[\"upload\",\"remove\"],\"buckets\":[\"shop-images\"],\"createdAt\":\"2026-11-26T09:00:00Z\",\"expiresAt\":\"2027-06-30T00:00:00Z\"},\"msg\":\"成功\",\"success\":true}")))
    @APIResponse(responseCode = "400", description = "Invalid name, scopes, buckets or expiry")
    @APIResponse(responseCode = "403", description = "Not an admin, or called with a service token")
    public ApiResponse<TokenView.Created> create(@Valid @NotNull TokenForm form) {
        return ApiResponse.ok(tokens.create(form, admin()));
    }

    @GET
    @Operation(summary = "List service tokens (admin)", description = "Without secrets; lastUsedAt is accurate to about a minute.")
    @APIResponse(responseCode = "200", description = "Success", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "tokens", value = "{\"code\":\"0\",\"data\":[{\"id\":\"3f2a9c0d5e6b7a81\",\"name\":\"bff-mall\",\"owner\":\"13900000000\",\"scopes\":[\"upload\",\"read\"],\"buckets\":[\"fe-image\"],\"lastUsedAt\":\"2026-11-26T09:00:00Z\"}],\"msg\":\"成功\",\"success\":true}")))
    public ApiResponse<List<TokenView>> list() {
        admin();
        return ApiResponse.ok(tokens.list());
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Revoke a service token (admin)", description = "Refused from the next request on, on every replica.")
    @APIResponse(responseCode = "200", description = "Success", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "revoked", value = "{\"code\":\"0\",\"data\":{},\"msg\":\"成功\",\"success\":true}")))
    @APIResponse(responseCode = "404", description = "No such token")
    public ApiResponse<Object> revoke(@PathParam("id") String id) {
        tokens.revoke(id, admin());
        return ApiResponse.ok(Map.of());
    }
}
