package io.imagepic.serving;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.imagepic.access.Access;
import io.imagepic.access.Caller;
import io.imagepic.link.LinkKeys;
import io.imagepic.web.ApiResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * The signed links' key ring, for admins: list, rotate, retire (docs/operations.md, "Rotating link keys"). Blocking:
 * the store may be a database.
 */
@Path("/imagepic/image/keys")
@Tag(name = "image", description = "Links to the image route /i/{bucket}/{key}")
public class LinkKeysResource {

    private static final String KEYS = "{\"code\":\"0\",\"data\":[{\"kid\":\"1\",\"signing\":false,\"retired\":false},"
            + "{\"kid\":\"2\",\"signing\":true,\"retired\":false}],\"msg\":\"成功\",\"success\":true}";

    private final LinkKeys keys;
    private final Access access;
    private final RoutingContext rc;

    LinkKeysResource(LinkKeys keys, Access access, RoutingContext rc) {
        this.keys = keys;
        this.access = access;
        this.rc = rc;
    }

    @GET
    @Operation(summary = "The link keys (admin)", description = "Every key of the ring by kid, oldest first: which one signs new links, which are retired (their links no longer open). Never the key itself. kid legacy: the key of links made before the ring.")
    @APIResponse(responseCode = "200", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "keys", value = KEYS)))
    @APIResponse(responseCode = "403", description = "Not an admin, or a service token")
    public ApiResponse<List<LinkKeys.KeyView>> list() {
        access.requireAdminPerson(Caller.of(rc));
        return ApiResponse.ok(keys.ring().views());
    }

    @POST
    @Path("/rotate")
    @Operation(summary = "Rotate the link key (admin)", description = "A new key signs every link from now on, on every replica; links signed with the older keys open until they expire.")
    @APIResponse(responseCode = "200", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "rotated", value = "{\"code\":\"0\",\"data\":{\"kid\":\"3\",\"signing\":true,\"retired\":false},\"msg\":\"成功\",\"success\":true}")))
    @APIResponse(responseCode = "403", description = "Not an admin, or a service token")
    public ApiResponse<LinkKeys.KeyView> rotate() {
        access.requireAdminPerson(Caller.of(rc));
        return ApiResponse.ok(keys.rotate());
    }

    @POST
    @Path("/{kid}/retired")
    @Operation(summary = "Retire a link key (admin)", description = "Every link signed with it stops opening at once, on every replica (say, the links a removed member handed out). Retiring the key that signs new links rotates first. Retiring twice is no error.")
    @APIResponse(responseCode = "200", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "retired", value = "{\"code\":\"0\",\"data\":{\"kid\":\"1\",\"signing\":false,\"retired\":true},\"msg\":\"成功\",\"success\":true}")))
    @APIResponse(responseCode = "403", description = "Not an admin, or a service token")
    @APIResponse(responseCode = "404", description = "No key with this kid")
    public ApiResponse<LinkKeys.KeyView> retire(@PathParam("kid") String kid) {
        access.requireAdminPerson(Caller.of(rc));
        return ApiResponse.ok(keys.retire(kid));
    }
}
