package io.imagepic.serving;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.imagepic.access.Access;
import io.imagepic.access.Action;
import io.imagepic.access.Caller;
import io.imagepic.link.ImageLinks;
import io.imagepic.link.ImagePath;
import io.imagepic.object.ObjectService;
import io.imagepic.transform.Transforms;
import io.imagepic.web.ApiError;
import io.imagepic.web.ApiResponse;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

@Path("/imagepic/image")
@Tag(name = "image", description = "Links to the image route /i/{bucket}/{key}")
@Authenticated
public class ImageResource {

    private final ImageLinks links;
    private final ObjectService objects;
    private final Access access;
    private final Clock clock;
    private final Transforms transforms;

    ImageResource(ImageLinks links, ObjectService objects, Access access, Clock clock, Transforms transforms) {
        this.transforms = transforms;
        this.links = links;
        this.objects = objects;
        this.access = access;
        this.clock = clock;
    }

    @POST
    @Path("/signedUrl")
    @Operation(summary = "An expiring link to an image of a private bucket, usable without a token", description = "expiry in seconds, 1 .. imagepic.serving.signed-links.max-expiry (default 1 hour). transform (optional): transform parameters as a query string, e.g. w=256&fm=webp; the link carries them and its signature covers them.")
    @APIResponse(responseCode = "200", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "link", value = "{\"code\":\"0\",\"data\":{\"url\":\"https://img.example.com/i/fe-image/logo.png?expires=1764147600&signature=Qm9n...\",\"expires\":\"2025-11-26T09:00:00Z\"},\"msg\":\"成功\",\"success\":true}")))
    @APIResponse(responseCode = "400", description = "expiry out of bounds, or a transform parameter unknown or out of range")
    @APIResponse(responseCode = "404", description = "No such bucket or object")
    public Uni<ApiResponse<ImageLinks.SignedLink>> signedUrl(@Valid @NotNull SignedUrlRequest request,
            @Context HttpServerRequest http, RoutingContext rc) {
        // the bucket and key rules of the image route (ObjectKeys), before anything reads them
        ImagePath path = ImagePath.parse(new ImagePath(request.bucketName(), request.objectName()).encoded());
        return access.authorize(Caller.of(rc), Action.READ, path.bucket()).chain(() -> {
            Duration lifetime = links.lifetime(request.expiry());
            if (lifetime.toSeconds() < 1 || lifetime.compareTo(links.maxLifetime()) > 0) {
                throw ApiError.badRequest(ServingMsg.EXPIRY, links.maxLifetime().toSeconds());
            }
            Instant expires = clock.instant().plus(lifetime).plusMillis(999)
                    .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            String transform = request.transform() == null ? "" : transforms.parseQuery(request.transform()).canonical();
            return objects.stat(path.bucket(), path.key()).map(found -> ApiResponse
                    .ok(links.signedUrl(path.bucket(), path.key(), transform, expires, ImageLinks.origin(http))));
        });
    }
}
