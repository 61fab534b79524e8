package io.imagepic.upload;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.imagepic.access.Access;
import io.imagepic.access.Action;
import io.imagepic.access.Caller;
import io.imagepic.link.ImageLinks;
import io.imagepic.notification.Notifications;
import io.imagepic.notification.StorageEvent;
import io.imagepic.s3.Etags;
import io.imagepic.web.ApiError;
import io.vertx.core.Future;
import io.vertx.core.Promise;

/**
 * What an upload decides about its files, on the event loop: whether the bytes are an allowed image, and the
 * answer (and link, and event) for one stored. (How a file is written is {@link ConditionalWrites}'.)
 */
@ApplicationScoped
public class UploadService {

    private final UploadConfig config;
    private final Access access;
    private final ImageLinks links;
    private final Notifications notifications;
    /** Sets the expiry of the signed link an upload answers with. */
    private final Clock clock;

    UploadService(UploadConfig config, Access access, ImageLinks links, Notifications notifications, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.access = access;
        this.links = links;
        this.notifications = notifications;
    }

    /**
     * The answer for a stored file, once a write (not an identical object found) is announced: its webhook deliveries
     * are queued before it is answered.
     */
    Future<UploadedObject> answer(UploadRequest request, Stored stored) {
        if (!stored.written()) {
            return Future.succeededFuture(link(request, stored));
        }
        Promise<UploadedObject> answered = Promise.promise();
        notifications.publish(StorageEvent.objectCreated(request.bucket(), stored.key(), stored.size(),
                Etags.unquote(stored.etag()), stored.type().mediaType(), request.caller()), !stored.created())
                .subscribe().with(v -> answered.complete(link(request, stored)), answered::fail);
        return answered.future();
    }

    private UploadedObject link(UploadRequest request, Stored stored) {
        String url;
        String urlType;
        Instant expires = null;
        if (access.allows(Caller.ANONYMOUS, Action.SERVE, request.bucket())) {
            url = links.permanentUrl(request.bucket(), stored.key(), request.origin());
            urlType = UploadedObject.PERMANENT;
        } else {
            expires = clock.instant().plus(config.linkLifetime());
            url = links.signedUrl(request.bucket(), stored.key(), expires, request.origin()).url();
            urlType = UploadedObject.SIGNED;
        }
        return new UploadedObject(Etags.unquote(stored.etag()), stored.versionId(), request.bucket(), stored.key(),
                stored.size(), stored.type().mediaType(), url, urlType, expires);
    }

    /** The bytes decide the type; a name or a declared type that says otherwise is refused. */
    ImageType checkType(UploadRequest request, byte[] head, int length) {
        ImageType type = ImageType.sniff(head, length).orElseThrow(() -> new ApiError(ApiError.Kind.UNSUPPORTED_TYPE,
                UploadMsg.NOT_IMAGE, "PNG, JPEG, GIF, WebP, AVIF, BMP, ICO" + (config.allowSvg() ? ", SVG" : ""),
                request.filename()));
        if (type == ImageType.SVG && !config.allowSvg()) {
            throw new ApiError(ApiError.Kind.UNSUPPORTED_TYPE, UploadMsg.SVG_DISABLED, request.filename());
        }
        if (!type.matchesName(request.filename())) {
            throw new ApiError(ApiError.Kind.UNSUPPORTED_TYPE, UploadMsg.NAME_MISMATCH, type.mediaType(), request.filename());
        }
        if (!type.matchesDeclared(request.declaredType())) {
            throw new ApiError(ApiError.Kind.UNSUPPORTED_TYPE, UploadMsg.TYPE_MISMATCH, type.mediaType(),
                    request.declaredType(), request.filename());
        }
        return type;
    }
}
