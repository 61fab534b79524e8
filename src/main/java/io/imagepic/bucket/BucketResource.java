package io.imagepic.bucket;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.imagepic.access.Access;
import io.imagepic.access.Action;
import io.imagepic.access.Caller;
import io.imagepic.web.ApiResponse;
import io.imagepic.web.Pages;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

@Path("/imagepic/bucket")
@Tag(name = "bucket", description = "Buckets (the seed's listBuckets, plus admin create/remove, and members)")
public class BucketResource {

    private final BucketService buckets;
    private final Access access;

    BucketResource(BucketService buckets, Access access) {
        this.buckets = buckets;
        this.access = access;
    }

    @GET
    @Path("/listBuckets")
    @Operation(summary = "List buckets", description = "The buckets the caller may read (with imagepic.access.default=granted: those granted to it), all or one page when pageSize or pageNum is given.")
    @APIResponse(responseCode = "200", description = "Success", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "buckets", value = "{\"code\":\"0\",\"data\":[{\"name\":\"fe-image\",\"creationDate\":\"2021-05-28T01:34:50.375Z\"}],\"msg\":\"成功\",\"success\":true}")))
    public Uni<ApiResponse<List<BucketInfo>>> listBuckets(@QueryParam("pageSize") Integer pageSize,
            @QueryParam("pageNum") Integer pageNum, RoutingContext rc) {
        Caller caller = Caller.of(rc);
        return buckets.list() // answered on a worker thread: the checks may read grants
                .map(all -> all.stream().filter(b -> access.allows(caller, Action.READ, b.name())).toList())
                .map(all -> ApiResponse.ok(pageSize == null && pageNum == null ? all
                        : Pages.page(all, pageSize == null ? 10 : pageSize, pageNum == null ? 1 : pageNum)));
    }

    @POST
    @Path("/makeBucket")
    @Operation(summary = "Create a bucket (admin)")
    @APIResponse(responseCode = "200", description = "Success", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "created", value = "{\"code\":\"0\",\"data\":{},\"msg\":\"成功\",\"success\":true}")))
    @APIResponse(responseCode = "409", description = "The bucket already exists")
    public Uni<ApiResponse<Object>> makeBucket(@Valid @NotNull BucketRequest request, RoutingContext rc) {
        Caller caller = Caller.of(rc);
        return access.authorize(caller, Action.MANAGE, request.bucketName())
                .chain(() -> buckets.create(request.bucketName(), caller)).map(v -> ApiResponse.ok(java.util.Map.of()));
    }

    @POST
    @Path("/removeBucket")
    @Operation(summary = "Remove an empty bucket (admin)", description = "The bucket's members are forgotten with it.")
    @APIResponse(responseCode = "200", description = "Success", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "removed", value = "{\"code\":\"0\",\"data\":{},\"msg\":\"成功\",\"success\":true}")))
    @APIResponse(responseCode = "404", description = "No such bucket")
    @APIResponse(responseCode = "409", description = "The bucket is not empty")
    public Uni<ApiResponse<Object>> removeBucket(@Valid @NotNull BucketRequest request, RoutingContext rc) {
        Caller caller = Caller.of(rc);
        return access.authorize(caller, Action.MANAGE, request.bucketName())
                .chain(() -> buckets.remove(request.bucketName(), caller)).map(v -> ApiResponse.ok(java.util.Map.of()));
    }
}
