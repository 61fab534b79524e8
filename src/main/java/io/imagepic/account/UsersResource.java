package io.imagepic.account;

import java.util.List;

import jakarta.validation.Valid;
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
 * Accounts, for admins (people only: a service token never manages accounts, whatever its scopes). Users are
 * named by phone. Blocking: the store is a directory of files.
 */
@Path("/imagepic/auth/users")
@Tag(name = "users", description = "Accounts, for admins: list, admin rights, disable, password reset")
public class UsersResource {

    static final String USER = "{\"id\":\"3b377e14-f1e4-4b74-87a7-dc03d71f0f30\",\"phone\":\"13800138000\",\"name\":\"Li Lei\",\"tfs\":\"fe\",\"email\":\"lilei@example.com\",\"admin\":false,\"disabled\":false,\"temporaryPassword\":false,\"createdAt\":\"2026-11-26T09:00:00Z\",\"updatedAt\":\"2026-11-26T09:00:00Z\"}";
    private static final String ONE = "{\"code\":\"0\",\"data\":" + USER + ",\"msg\":\"成功\",\"success\":true}";
    private static final String LAST_ADMIN = "{\"code\":\"-1\",\"data\":{\"err\":\"不能移除或停用最后一个管理员\"},\"msg\":\"失败\",\"success\":false}";

    private final UserAdmin users;
    private final RoutingContext rc;
    private final Access access;

    UsersResource(UserAdmin users, RoutingContext rc, Access access) {
        this.users = users;
        this.rc = rc;
        this.access = access;
    }

    private Caller admin() {
        return access.requireAdminPerson(Caller.of(rc));
    }

    @GET
    @Operation(summary = "List accounts (admin)", description = "Every account, oldest first; never a password hash.")
    @APIResponse(responseCode = "200", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "users", value = "{\"code\":\"0\",\"data\":["
            + USER + "],\"msg\":\"成功\",\"success\":true}")))
    @APIResponse(responseCode = "403", description = "Not an admin, or a service token")
    public ApiResponse<List<UserView>> list() {
        admin();
        return ApiResponse.ok(users.list());
    }

    @GET
    @Path("/{phone}")
    @Operation(summary = "One account (admin)")
    @APIResponse(responseCode = "200", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "user", value = ONE)))
    @APIResponse(responseCode = "404", description = "No such account")
    public ApiResponse<UserView> get(@PathParam("phone") String phone) {
        admin();
        return ApiResponse.ok(users.get(phone));
    }

    @POST
    @Path("/{phone}/admin")
    @Operation(summary = "Grant admin rights (admin)", description = "Holds from the account's next request, on every replica.")
    @APIResponse(responseCode = "200", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "granted", value = ONE)))
    @APIResponse(responseCode = "404", description = "No such account")
    public ApiResponse<UserView> grantAdmin(@PathParam("phone") String phone) {
        return ApiResponse.ok(users.setAdmin(phone, true, admin()));
    }

    @DELETE
    @Path("/{phone}/admin")
    @Operation(summary = "Revoke admin rights (admin)", description = "Holds from the account's next request, and its service tokens with the admin scope stop at once (data.tokensStopped says how many). The last enabled admin cannot be demoted (409), also when two admins demote each other at once on two replicas.")
    @APIResponse(responseCode = "200", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "revoked", value = ONE)))
    @APIResponse(responseCode = "409", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "lastAdmin", value = LAST_ADMIN)))
    public ApiResponse<UserView> revokeAdmin(@PathParam("phone") String phone) {
        return ApiResponse.ok(users.setAdmin(phone, false, admin()));
    }

    @POST
    @Path("/{phone}/disabled")
    @Operation(summary = "Disable an account (admin)", description = "Its tokens are refused from the next request on (401) and never work again; it cannot log in (403); the service tokens it made stop at once (data.tokensStopped says how many). The last enabled admin cannot be disabled (409).")
    @APIResponse(responseCode = "200", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "disabled", value = ONE)))
    @APIResponse(responseCode = "409", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "lastAdmin", value = LAST_ADMIN)))
    public ApiResponse<UserView> disable(@PathParam("phone") String phone) {
        return ApiResponse.ok(users.setDisabled(phone, true, admin()));
    }

    @DELETE
    @Path("/{phone}/disabled")
    @Operation(summary = "Enable an account again (admin)", description = "It can log in again; tokens issued before it was disabled stay refused.")
    @APIResponse(responseCode = "200", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "enabled", value = ONE)))
    public ApiResponse<UserView> enable(@PathParam("phone") String phone) {
        return ApiResponse.ok(users.setDisabled(phone, false, admin()));
    }

    @POST
    @Path("/{phone}/password")
    @Operation(summary = "Reset a password (admin)", description = "With npwd: sets that password. Without a body: generates a temporary password, answered once, which only serves to set a new one through /imagepic/auth/change and expires (imagepic.auth.temporary-password-lifetime). Either way the account's tokens stop working.")
    @RequestBody(required = false, content = @Content(mediaType = "application/json", examples = {
            @ExampleObject(name = "temporary", value = "{}"),
            @ExampleObject(name = "set", value = "{\"npwd\":\"secret_456\"}") }))
    @APIResponse(responseCode = "200", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "temporary", value = "{\"code\":\"0\",\"data\":{\"phone\":\"13800138000\",\"password\":\"x7Kq2mPzR4vT9wHc\",\"expiresAt\":\"2026-11-27T09:00:00Z\"},\"msg\":\"成功\",\"success\":true}")))
    @APIResponse(responseCode = "404", description = "No such account")
    public ApiResponse<UserView.PasswordReset> resetPassword(@PathParam("phone") String phone, @Valid PasswordForm form) {
        return ApiResponse.ok(users.resetPassword(phone, form, admin()));
    }
}
