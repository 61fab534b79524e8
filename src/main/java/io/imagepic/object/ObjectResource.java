package io.imagepic.object;

import java.util.Map;
import java.util.function.Supplier;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.imagepic.access.Access;
import io.imagepic.access.Action;
import io.imagepic.access.Caller;
import io.imagepic.web.ApiError;
import io.imagepic.web.ApiResponse;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

@Path("/imagepic/object")
@Tag(name = "object", description = "Objects in a bucket (the seed's object routes; putObject is io.imagepic.upload.PutObjectRoute)")
public class ObjectResource {

    private final ObjectService objects;
    private final RemoveService remover;
    private final ListingConfig listing;
    private final Access access;
    private final ListingUploaders uploaders;
    private final PresignConfig presign;

    ObjectResource(ObjectService objects, RemoveService remover, ListingConfig listing, Access access,
            ListingUploaders uploaders, PresignConfig presign) {
        this.presign = presign;
        this.objects = objects;
        this.remover = remover;
        this.listing = listing;
        this.access = access;
        this.uploaders = uploaders;
    }

    @POST
    @Path("/listObjects")
    @Operation(summary = "List objects and folders under a prefix", description = "pageSize defaults to 10, pageNum to 1; pageNum=-1 returns all entries (bounded). recursive=true lists the whole tree. withUploader=true (signed-in callers, pages of at most 100) adds each object's uploader: the account's name (or its phone, middle digits hidden), or the service token's name; and removable: whether the caller may remove it. For browsing (the console): foldersFirst=true puts every folder first on page 1 and pages count objects only (the answer's folders says how many); order=newest sorts objects by last change, newest first (folders first), reachable up to imagepic.listing.max-all deep (past it an empty page with truncated=true); contains keeps the entries whose name after the prefix contains it, ignoring case.")
    @APIResponse(responseCode = "200", description = "Success", content = @Content(mediaType = "application/json", examples = {
            @ExampleObject(name = "page", value = "{\"code\":\"0\",\"data\":{\"total\":2,\"lists\":[{\"prefix\":\"icons/\",\"size\":0},{\"name\":\"logo.png\",\"size\":47900,\"etag\":\"c8a447108f1a3cebe649165b86b7c997\",\"lastModified\":\"2021-10-14T07:24:59Z\"}]},\"msg\":\"成功\",\"success\":true}"),
            @ExampleObject(name = "withUploader", value = "{\"code\":\"0\",\"data\":{\"total\":1,\"lists\":[{\"name\":\"logo.png\",\"size\":47900,\"etag\":\"c8a447108f1a3cebe649165b86b7c997\",\"lastModified\":\"2021-10-14T07:24:59Z\",\"uploader\":\"Li Lei\"}]},\"msg\":\"成功\",\"success\":true}") }))
    @APIResponse(responseCode = "403", description = "A service token outside its bucket allow-list")
    @APIResponse(responseCode = "404", description = "No such bucket")
    public Uni<ApiResponse<ObjectPage>> listObjects(@Valid @NotNull ObjectRequests.ListObjects request, RoutingContext rc) {
        int pageSize = request.pageSize() == null ? 10 : request.pageSize();
        int pageNum = request.pageNum() == null ? 1 : request.pageNum();
        String prefix = request.checkedPrefix();
        return read(rc, request.bucketName(), () -> {
            if (pageSize < 1 || pageSize > listing.maxPageSize()) {
                throw ApiError.badRequest(ObjectMsg.PAGE_SIZE, listing.maxPageSize());
            }
            if (pageNum < 1 && pageNum != -1) {
                throw ApiError.badRequest(ObjectMsg.PAGE_NUM);
            }
            boolean withUploader = Boolean.TRUE.equals(request.withUploader());
            if (withUploader && (pageNum == -1 || pageSize > ListingUploaders.MAX_PAGE)) {
                throw ApiError.badRequest(ObjectMsg.UPLOADER_PAGE, ListingUploaders.MAX_PAGE);
            }
            ObjectService.Order order = new ObjectService.Order(Boolean.TRUE.equals(request.foldersFirst()),
                    "newest".equals(request.order()), request.contains());
            Uni<ObjectPage> page = objects.list(request.bucketName(), prefix, pageSize, pageNum,
                    Boolean.TRUE.equals(request.recursive()), order);
            if (!withUploader) {
                return page;
            }
            // who uploaded what is for signed-in callers, not for anonymous reads (the seed's mode, where the
            // read itself needed no authentication: a token is checked now, a stale one counts as none)
            Uni<Caller> signedIn = Caller.resolve(rc).onFailure().recoverWithItem(Caller.ANONYMOUS);
            return page.chain(p -> signedIn.chain(
                    who -> who.isAnonymous() ? Uni.createFrom().item(p) : uploaders.addTo(request.bucketName(), p, who)));
        });
    }

    @POST
    @Path("/statObject")
    @Operation(summary = "An object's metadata")
    @APIResponse(responseCode = "200", description = "Success", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "stat", value = "{\"code\":\"0\",\"data\":{\"size\":47900,\"metaData\":{\"content-type\":\"image/png\"},\"lastModified\":\"2021-10-14T07:24:59Z\",\"versionId\":null,\"etag\":\"c8a447108f1a3cebe649165b86b7c997\"},\"msg\":\"成功\",\"success\":true}")))
    @APIResponse(responseCode = "404", description = "No such bucket or object")
    public Uni<ApiResponse<ObjectStat>> statObject(@Valid @NotNull ObjectRequests.ObjectRef request, RoutingContext rc) {
        String key = request.key();
        return read(rc, request.bucketName(), () -> objects.stat(request.bucketName(), key));
    }

    @POST
    @Path("/getObject")
    @Operation(summary = "Read an object through; answers its size in bytes (as the seed did)")
    @APIResponse(responseCode = "200", description = "Success", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "size", value = "{\"code\":\"0\",\"data\":49000,\"msg\":\"成功\",\"success\":true}")))
    @APIResponse(responseCode = "404", description = "No such bucket or object")
    public Uni<ApiResponse<Long>> getObject(@Valid @NotNull ObjectRequests.ObjectRef request, RoutingContext rc) {
        String key = request.key();
        return read(rc, request.bucketName(), () -> objects.size(request.bucketName(), key));
    }

    @POST
    @Path("/presignedGetObject")
    @Operation(summary = "A temporary download link", description = "expiry in seconds, 1..604800 (7 days); default imagepic.serving.presign-default (1 hour).")
    @APIResponse(responseCode = "200", description = "Success", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "url", value = "{\"code\":\"0\",\"data\":\"http://img.example.com/fe-image/logo.png?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=604800&X-Amz-Signature=...\",\"msg\":\"成功\",\"success\":true}")))
    @APIResponse(responseCode = "400", description = "expiry outside 1 s .. 7 days")
    @APIResponse(responseCode = "404", description = "No such bucket or object")
    public Uni<ApiResponse<String>> presignedGetObject(@Valid @NotNull ObjectRequests.PresignedGet request, RoutingContext rc) {
        int expiry = request.expiry() == null ? (int) presign.presignDefault().toSeconds() : request.expiry();
        String key = request.key();
        return read(rc, request.bucketName(), () -> {
            if (expiry < 1 || expiry > ObjectService.MAX_PRESIGN_EXPIRY_SECONDS) {
                throw ApiError.badRequest(ObjectMsg.EXPIRY, ObjectService.MAX_PRESIGN_EXPIRY_SECONDS);
            }
            return objects.presignedGet(request.bucketName(), key, expiry);
        });
    }

    @POST
    @Path("/removeObject")
    @Operation(summary = "Remove an object", description = "Allowed to its uploader and to managers of the bucket (admins).")
    @APIResponse(responseCode = "200", description = "Success", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "removed", value = "{\"code\":\"0\",\"data\":{},\"msg\":\"成功\",\"success\":true}")))
    @APIResponse(responseCode = "403", description = "Neither the uploader nor a manager of the bucket")
    @APIResponse(responseCode = "404", description = "No such bucket or object")
    public Uni<ApiResponse<Map<String, Object>>> removeObject(@Valid @NotNull ObjectRequests.ObjectRef request,
            RoutingContext rc) {
        String key = request.key();
        return Caller.resolve(rc).chain(caller -> remover.remove(caller, request.bucketName(), key))
                .map(v -> ApiResponse.ok(Map.of()));
    }

    /** A read of the bucket: the work runs once the caller may read it, and its answer goes in the envelope. */
    private <T> Uni<ApiResponse<T>> read(RoutingContext rc, String bucket, Supplier<Uni<? extends T>> work) {
        return access.authorize(Caller.of(rc), Action.READ, bucket).chain(work).map(ApiResponse::ok);
    }
}
