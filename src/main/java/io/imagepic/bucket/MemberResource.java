package io.imagepic.bucket;

import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.imagepic.access.Caller;
import io.imagepic.access.Role;
import io.imagepic.web.ApiResponse;
import io.imagepic.web.BucketNames;
import io.vertx.ext.web.RoutingContext;

/** {@code /imagepic/bucket/members}: who may read, write or manage a bucket. Blocking methods (worker threads). */
@Path("/imagepic/bucket/members")
@Tag(name = "bucket", description = "Buckets (the seed's listBuckets, plus admin create/remove, and members)")
public class MemberResource {

    static final String GRANTED = """
            {"code":"0","data":{"bucketName":"fe-image","member":"13800138000","role":"write",\
            "grantedBy":"13900000000","grantedAt":"2026-11-26T09:00:00Z"},"msg":"成功","success":true}""";
    static final String LISTED = """
            {"code":"0","data":[{"bucketName":"fe-image","member":"13800138000","role":"write",\
            "grantedBy":"13900000000","grantedAt":"2026-11-26T09:00:00Z"}],"msg":"成功","success":true}""";
    static final String REVOKED = "{\"code\":\"0\",\"data\":{},\"msg\":\"成功\",\"success\":true}";
    static final String NOT_FOUND = """
            {"code":"-1","data":{"err":"存储桶不存在: fe-image"},"msg":"失败","success":false}""";
    static final String FORBIDDEN = """
            {"code":"-1","data":{"err":"你在存储桶fe-image的角色不允许manage"},"msg":"未满足权限","success":false}""";
    static final String MANAGE_BY_ADMINS = """
            {"code":"-1","data":{"err":"只有管理员可以授予或收回存储桶fe-image的manage角色"},"msg":"未满足权限","success":false}""";
    static final String LAST_MANAGER = """
            {"code":"-1","data":{"err":"不能移除存储桶fe-image的最后一个管理者(只有管理员可以)"},"msg":"失败","success":false}""";
    static final String LAST_REVOKED = "{\"code\":\"0\",\"data\":{\"managersLeft\":0},\"msg\":\"成功\",\"success\":true}";

    private final MemberService members;

    MemberResource(MemberService members) {
        this.members = members;
    }

    @POST
    @Operation(summary = "Grant a bucket role to an account (admins, managers of the bucket)", description = """
            member is the phone of a registered account; the grant follows that account. role: read (list, stat, \
            read, presign, sign links, listen), write (also upload, and replace or remove one's own objects) or \
            manage (also anyone's objects, the bucket's policy and members). Granting again changes the role. Only             admins give or take manage (a manager may step down from its own); the bucket's last manager is taken             only by an admin, and the answer then says managersLeft: 0.""")
    @RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "grant", value = "{\"bucketName\":\"fe-image\",\"member\":\"13800138000\",\"role\":\"write\"}")))
    @APIResponse(responseCode = "200", description = "Granted", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "granted", value = GRANTED)))
    @APIResponse(responseCode = "400", description = "Bad bucket name, phone or role")
    @APIResponse(responseCode = "403", description = "A member without manage rights, a manager giving or taking manage, or a service token", content = @Content(mediaType = "application/json", examples = {
            @ExampleObject(name = "forbidden", value = FORBIDDEN),
            @ExampleObject(name = "manage is for admins", value = MANAGE_BY_ADMINS) }))
    @APIResponse(responseCode = "404", description = "No such bucket (also for callers who may not know it exists), or no account with that phone", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "no bucket", value = NOT_FOUND)))
    @APIResponse(responseCode = "409", description = "A manager stepping down as the bucket's last manager", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "last manager", value = LAST_MANAGER)))
    public ApiResponse<MemberView> grant(@Valid @NotNull MemberRequest request, RoutingContext rc) {
        return ApiResponse.ok(members.grant(Caller.of(rc), request.bucketName(), request.member(), Role.of(request.role())));
    }

    @GET
    @Operation(summary = "A bucket's members (admins, managers of the bucket)")
    @APIResponse(responseCode = "200", description = "The members, by phone", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "members", value = LISTED)))
    @APIResponse(responseCode = "400", description = "Bad bucket name")
    @APIResponse(responseCode = "403", description = "A member without manage rights, or a service token", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "forbidden", value = FORBIDDEN)))
    @APIResponse(responseCode = "404", description = "No such bucket", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "no bucket", value = NOT_FOUND)))
    public ApiResponse<List<MemberView>> list(
            @Parameter(description = "The bucket", example = "fe-image") @QueryParam("bucketName") String bucketName,
            RoutingContext rc) {
        return ApiResponse.ok(members.list(Caller.of(rc), BucketNames.check(bucketName)));
    }

    @DELETE
    @Operation(summary = "Revoke a member's role (admins, managers of the bucket)", description = """
            Parameters in the query string (a DELETE body is dropped by some proxies): \
            DELETE /imagepic/bucket/members?bucketName=fe-image&member=13800138000. A manager is revoked only by an \
            admin, or by itself when another manager remains.""")
    @Parameter(name = "bucketName", in = ParameterIn.QUERY, required = true, example = "fe-image")
    @Parameter(name = "member", in = ParameterIn.QUERY, required = true, description = "The member's phone", example = "13800138000")
    @APIResponse(responseCode = "200", description = "Revoked; managersLeft when a manager's role was taken (0: only admins manage the bucket now)", content = @Content(mediaType = "application/json", examples = {
            @ExampleObject(name = "revoked", value = REVOKED),
            @ExampleObject(name = "last manager, by an admin", value = LAST_REVOKED) }))
    @APIResponse(responseCode = "400", description = "Bad bucket name or phone")
    @APIResponse(responseCode = "403", description = "A member without manage rights, a manager revoking another manager, or a service token", content = @Content(mediaType = "application/json", examples = {
            @ExampleObject(name = "forbidden", value = FORBIDDEN),
            @ExampleObject(name = "manage is for admins", value = MANAGE_BY_ADMINS) }))
    @APIResponse(responseCode = "404", description = "No such bucket, or not a member of it", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "no bucket", value = NOT_FOUND)))
    @APIResponse(responseCode = "409", description = "A manager removing the bucket's last manager (itself)", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "last manager", value = LAST_MANAGER)))
    public ApiResponse<Map<String, Object>> revoke(@QueryParam("bucketName") String bucketName,
            @QueryParam("member") String member, RoutingContext rc) {
        Integer managersLeft = members.revoke(Caller.of(rc), BucketNames.check(bucketName), member);
        return ApiResponse.ok(managersLeft == null ? Map.of() : Map.of("managersLeft", managersLeft));
    }
}
