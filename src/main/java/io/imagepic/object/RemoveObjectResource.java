package io.imagepic.object;

import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.imagepic.access.Caller;
import io.imagepic.web.ApiResponse;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

@Path("/imagepic/object")
@Tag(name = "object")
public class RemoveObjectResource {

    private final RemoveService remover;

    RemoveObjectResource(RemoveService remover) {
        this.remover = remover;
    }

    @POST
    @Path("/removeObject")
    @Operation(summary = "Remove an object", description = "Allowed to its uploader and to admins.")
    @APIResponse(responseCode = "200", description = "Success", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "removed", value = "{\"code\":\"0\",\"data\":{},\"msg\":\"成功\",\"success\":true}")))
    @APIResponse(responseCode = "403", description = "Neither the uploader nor an admin")
    @APIResponse(responseCode = "404", description = "No such bucket or object")
    public Uni<ApiResponse<Map<String, Object>>> removeObject(@Valid @NotNull ObjectRequests.ObjectRef request,
            RoutingContext rc) {
        return Caller.resolve(rc).chain(caller -> remover.remove(caller, request.bucketName(), request.objectName()))
                .map(v -> ApiResponse.ok(Map.of()));
    }
}
