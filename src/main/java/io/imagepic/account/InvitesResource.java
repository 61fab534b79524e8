package io.imagepic.account;

import java.util.List;
import java.util.Map;

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

/** Invites for registration mode {@code invite}: admins only, people only. */
@Path("/imagepic/auth/invites")
@Tag(name = "users")
public class InvitesResource {

    private final Invites invites;
    private final RoutingContext rc;
    private final Access access;

    InvitesResource(Invites invites, RoutingContext rc, Access access) {
        this.invites = invites;
        this.rc = rc;
        this.access = access;
    }

    private Caller admin() {
        return access.requireAdminPerson(Caller.of(rc));
    }

    @POST
    @Operation(summary = "Create an invite (admin)", description = "The code (data.code) is answered once and never again; it registers one account (field invite of /imagepic/auth/register) until it expires. data.link is the console's registration page with the code, relative to the console's origin.")
    @RequestBody(required = false, content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "invite", value = "{\"note\":\"new designer\",\"expiresAt\":\"2026-12-03T09:00:00Z\"}")))
    @APIResponse(responseCode = "200", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "created", value = "{\"code\":\"0\",\"data\":{\"code\":\"k7m2qp9xa4bc8def3gh5jk6mn7pq8rs9tv\",\"link\":\"/#/signin?mode=register&invite=k7m2qp9xa4bc8def3gh5jk6mn7pq8rs9tv\",\"id\":\"k7m2qp9x\",\"note\":\"new designer\",\"createdBy\":\"13900000000\",\"createdAt\":\"2026-11-26T09:00:00Z\",\"expiresAt\":\"2026-12-03T09:00:00Z\"},\"msg\":\"成功\",\"success\":true}")))
    @APIResponse(responseCode = "400", description = "expiresAt in the past or too far away, note too long")
    @APIResponse(responseCode = "403", description = "Not an admin, or a service token")
    @APIResponse(responseCode = "409", description = "Too many unused invites")
    public ApiResponse<InviteView.Created> create(@Valid InviteForm form) {
        return ApiResponse.ok(invites.create(form, admin()));
    }

    @GET
    @Operation(summary = "List unused invites (admin)", description = "Without codes; used and expired invites are gone.")
    @APIResponse(responseCode = "200", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "invites", value = "{\"code\":\"0\",\"data\":[{\"id\":\"k7m2qp9x\",\"note\":\"new designer\",\"createdBy\":\"13900000000\",\"createdAt\":\"2026-11-26T09:00:00Z\",\"expiresAt\":\"2026-12-03T09:00:00Z\"}],\"msg\":\"成功\",\"success\":true}")))
    public ApiResponse<List<InviteView>> list() {
        admin();
        return ApiResponse.ok(invites.list());
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Revoke an invite (admin)", description = "Its code stops working at once, on every replica.")
    @APIResponse(responseCode = "200", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "revoked", value = "{\"code\":\"0\",\"data\":{},\"msg\":\"成功\",\"success\":true}")))
    @APIResponse(responseCode = "404", description = "No such invite")
    public ApiResponse<Object> revoke(@PathParam("id") String id) {
        invites.revoke(id, admin());
        return ApiResponse.ok(Map.of());
    }
}
