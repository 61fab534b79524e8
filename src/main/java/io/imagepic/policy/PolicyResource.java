package io.imagepic.policy;

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
import io.imagepic.web.BucketNames;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

@Path("/imagepic/policy")
@Tag(name = "policy", description = "Who may read a bucket's images through /i/... (managers of the bucket)")
@Authenticated
public class PolicyResource {

    private final PolicyService policies;
    private final Access access;

    PolicyResource(PolicyService policies, Access access) {
        this.policies = policies;
        this.access = access;
    }

    @GET
    @Path("/getBucketPolicy")
    @Operation(summary = "A bucket's policy: private (the default) or public-read")
    @APIResponse(responseCode = "200", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "policy", value = "{\"code\":\"0\",\"data\":{\"bucketName\":\"fe-image\",\"policy\":\"public-read\"},\"msg\":\"成功\",\"success\":true}")))
    public ApiResponse<PolicyChange> getBucketPolicy(@QueryParam("bucketName") String bucketName, RoutingContext rc) {
        access.check(Caller.of(rc), Action.READ, BucketNames.check(bucketName));
        return ApiResponse.ok(new PolicyChange(bucketName, policies.current(bucketName), null, null));
    }

    @GET
    @Path("/listBucketPolicies")
    @Operation(summary = "Buckets that are not private")
    @APIResponse(responseCode = "200", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "policies", value = "{\"code\":\"0\",\"data\":[{\"bucketName\":\"fe-image\",\"policy\":\"public-read\"}],\"msg\":\"成功\",\"success\":true}")))
    public ApiResponse<List<PolicyChange>> listBucketPolicies(RoutingContext rc) {
        Caller caller = Caller.of(rc);
        return ApiResponse.ok(policies.currentAll().entrySet().stream()
                .filter(e -> access.allows(caller, Action.READ, e.getKey()))
                .map(e -> new PolicyChange(e.getKey(), e.getValue(), null, null)).toList());
    }

    @POST
    @Path("/setBucketPolicy")
    @Operation(summary = "Make a bucket private or public-read", description = "public-read serves the bucket's images to anyone through /i/...; listing stays private.")
    @APIResponse(responseCode = "200", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "changed", value = "{\"code\":\"0\",\"data\":{\"bucketName\":\"fe-image\",\"policy\":\"public-read\"},\"msg\":\"成功\",\"success\":true}")))
    @APIResponse(responseCode = "400", description = "Unknown policy or bad bucket name")
    @APIResponse(responseCode = "404", description = "No such bucket")
    public Uni<ApiResponse<PolicyChange>> setBucketPolicy(@Valid @NotNull PolicyRequest request, RoutingContext rc) {
        return access.authorize(Caller.of(rc), Action.MANAGE, request.bucketName())
                .chain(() -> policies.set(request.bucketName(), BucketPolicy.of(request.policy()))).map(ApiResponse::ok);
    }
}
