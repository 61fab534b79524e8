package io.imagepic.notification;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.imagepic.access.Access;
import io.imagepic.access.Action;
import io.imagepic.access.Caller;
import io.imagepic.web.ApiResponse;
import io.netty.channel.ChannelOption;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.RoutingContext;

@Path("/imagepic/notification")
@Tag(name = "notification", description = "Live event stream and webhooks for changes to the image store")
public class NotificationResource {

    static final String REGISTERED = """
            {"code":"0","data":{"id":"6f1c0f4e-8d0b-4d43-9a57-1f0e2c8f9b1a","url":"http://cdn-purger:8080/hooks/imagepic",\
            "secret":"q3V0c2VjcmV0LWdlbmVyYXRlZC1ieS10aGUtc2VydmljZQ","bucket":"fe-image","events":["s3:ObjectRemoved:*"],\
            "created":"2026-11-26T09:00:00Z","pending":0,"delivered":0,"failed":0,"dropped":0},"msg":"成功","success":true}""";
    static final String LISTED = """
            {"code":"0","data":[{"id":"6f1c0f4e-8d0b-4d43-9a57-1f0e2c8f9b1a","url":"http://cdn-purger:8080/hooks/imagepic",\
            "bucket":"fe-image","events":["s3:ObjectRemoved:*"],"created":"2026-11-26T09:00:00Z","pending":2,\
            "delivered":1480,"failed":1,"dropped":0}],"msg":"成功","success":true}""";

    static final String TESTED = """
            {"code":"0","data":{"id":"0b9f3c1e-5d2a-4c8e-9f61-7a2b3c4d5e6f","type":"s3:TestEvent",\
            "time":"2026-11-26T09:00:00Z","bucket":"fe-image","key":null,"size":null,"etag":null,\
            "contentType":null,"user":"3b377e14-f1e4-4b74-87a7-dc03d71f0f30"},"msg":"成功","success":true}""";
    static final String NO_SUCH_WEBHOOK = """
            {"code":"-1","data":{"err":"webhook不存在: 6f1c0f4e-8d0b-4d43-9a57-1f0e2c8f9b1a"},"msg":"失败","success":false}""";

    private final LiveEvents live;
    private final Webhooks webhooks;
    private final NotificationConfig config;
    private final Vertx vertx;
    private final Access access;

    private final HttpAuthenticationMechanism mechanism;
    private final IdentityProviderManager identities;

    NotificationResource(LiveEvents live, Webhooks webhooks, NotificationConfig config, Vertx vertx, Access access,
            HttpAuthenticationMechanism mechanism, IdentityProviderManager identities) {
        this.access = access;
        this.mechanism = mechanism;
        this.identities = identities;
        this.live = live;
        this.webhooks = webhooks;
        this.config = config;
        this.vertx = vertx;
    }

    @GET
    @Path("/listen")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Listen to store events (Server-Sent Events)", description = """
            Starts with a ': ready' comment, then one message per event ({id, type, time, bucket, key, size, \
            etag, contentType, user}) in order, and a ': heartbeat' comment at the heartbeat interval. A \
            listener that falls too far behind gets an 'overflow' event and is disconnected. The caller's credential \
            and rights are checked again every imagepic.notification.reauthenticate-every: a 'revoked' event ends \
            the stream when the token no longer holds, a 'reconnect' event when the caller's rights shrank (no \
            longer an admin, its grant on the stream's bucket revoked): connect again.""")
    @APIResponse(responseCode = "200", description = "An endless event stream", content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, examples = @ExampleObject(name = "events", value = ":ready\n\nevent: s3:ObjectCreated:Put\nid: 01J...\ndata: {\"type\":\"s3:ObjectCreated:Put\",\"bucket\":\"fe-image\",\"key\":\"icons/logo.png\",\"size\":47900}\n\n:heartbeat\n\n")))
    @APIResponse(responseCode = "400", description = "Unknown event type in events")
    @APIResponse(responseCode = "503", description = "Too many listeners")
    @Blocking // the access check may wait for a grant from the state store
    public Multi<OutboundSseEvent> listen(@QueryParam("bucket") String bucket, @QueryParam("prefix") String prefix,
            @QueryParam("suffix") String suffix, @QueryParam("events") List<String> events, @Context Sse sse,
            RoutingContext rc) {
        HttpServerResponse response = rc.response();
        EventFilter filter = EventFilter.of(bucket, prefix, suffix, events);
        Caller caller = Caller.of(rc);
        if (bucket != null) {
            access.check(caller, Action.READ, bucket);
        }
        limitSendBuffer(rc);
        return live.listen(filter, caller, () -> callerNow(rc), expiry(rc)).map(signal -> switch (signal.kind()) {
            case READY -> sse.newEventBuilder().comment("ready").build();
            case HEARTBEAT -> sse.newEventBuilder().comment("heartbeat").build();
            case EVENT -> sse.newEventBuilder().id(signal.event().id()).mediaType(MediaType.TEXT_PLAIN_TYPE)
                    .data(signal.json()).build();
            case RECONNECT -> {
                closeSoon(response); // the stream must not hold the shutdown
                yield sse.newEventBuilder().name("reconnect").mediaType(MediaType.TEXT_PLAIN_TYPE).reconnectDelay(1000)
                        .data("{\"msg\":\"connect again: this replica is shutting down, or events may have been missed\"}")
                        .build();
            }
            case RIGHTS_CHANGED -> {
                closeSoon(response);
                yield sse.newEventBuilder().name("reconnect").mediaType(MediaType.TEXT_PLAIN_TYPE).reconnectDelay(1000)
                        .data("{\"msg\":\"your rights changed: connect again\"}").build();
            }
            case REVOKED -> {
                closeSoon(response);
                yield sse.newEventBuilder().name("revoked").mediaType(MediaType.TEXT_PLAIN_TYPE)
                        .data("{\"msg\":\"the token expired or was revoked: sign in again\"}").build();
            }
            case OVERFLOW -> {
                closeLater(response);
                yield sse.newEventBuilder().name("overflow").mediaType(MediaType.TEXT_PLAIN_TYPE)
                        .data("{\"msg\":\"too far behind, events were dropped: reconnect and resync\"}").build();
            }
        });
    }

    @POST
    @Path("/webhooks")
    @Operation(summary = "Register a webhook target (admin)", description = "The answer carries the signing secret; it is not shown again.")
    @APIResponse(responseCode = "200", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "registered", value = REGISTERED)))
    @APIResponse(responseCode = "400", description = "Not an http(s) URL, or an unknown event type")
    public Uni<ApiResponse<WebhookView>> register(@Valid @NotNull WebhookRequest request, RoutingContext rc) {
        return webhooks.register(request, Caller.of(rc)).map(ApiResponse::ok);
    }

    @GET
    @Path("/webhooks")
    @Operation(summary = "List webhook targets with their delivery counters (admin)")
    @APIResponse(responseCode = "200", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "targets", value = LISTED)))
    public Uni<ApiResponse<List<WebhookView>>> list(RoutingContext rc) {
        return webhooks.list(Caller.of(rc)).map(ApiResponse::ok);
    }

    @POST
    @Path("/webhooks/{id}/test")
    @Operation(summary = "Send a test event to a webhook target (admin)", description = """
            Queues one event of type s3:TestEvent for this target alone, whatever its filter, delivered like every \
            event (signed, retried, counted in delivered/failed); live listeners never see it. Answers the event; \
            its id is the X-Imagepic-Delivery header the receiver gets. A service token tests only the webhooks it \
            added.""")
    @APIResponse(responseCode = "200", description = "Queued", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "queued", value = TESTED)))
    @APIResponse(responseCode = "404", description = "No such webhook", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "missing", value = NO_SUCH_WEBHOOK)))
    @APIResponse(responseCode = "409", description = "Too many deliveries pending for this target")
    public Uni<ApiResponse<StorageEvent>> test(@PathParam("id") String id, RoutingContext rc) {
        return webhooks.test(id, Caller.of(rc)).map(ApiResponse::ok);
    }

    @DELETE
    @Path("/webhooks/{id}")
    @Operation(summary = "Remove a webhook target and its pending deliveries (admin)")
    @APIResponse(responseCode = "200", description = "Success", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "removed", value = "{\"code\":\"0\",\"data\":{},\"msg\":\"成功\",\"success\":true}")))
    @APIResponse(responseCode = "404", description = "No such webhook")
    public Uni<ApiResponse<Object>> remove(@PathParam("id") String id, RoutingContext rc) {
        return webhooks.remove(id, Caller.of(rc)).map(v -> ApiResponse.ok(Map.of()));
    }

    /**
     * Authenticates the stream's request again, as the security layer did when it opened, and answers the caller
     * it makes now (roles, admin right, token scopes and allow-list as stored now); empty once the token is revoked
     * or expired, or the account's password changed (its credential version moved on) or it was disabled.
     */
    private Uni<Optional<Caller>> callerNow(RoutingContext rc) {
        if (rc.request().getHeader("Authorization") == null) {
            return Uni.createFrom().item(Optional.empty());
        }
        return mechanism.authenticate(rc, identities)
                .map(id -> id == null || id.isAnonymous() ? Optional.<Caller> empty() : Optional.of(Caller.of(id)))
                .onFailure().recoverWithItem(Optional.empty());
    }

    /** When a JWT's lifetime ends (service tokens have none). */
    private static Optional<Instant> expiry(RoutingContext rc) {
        if (rc.user() instanceof QuarkusHttpUser u && u.getSecurityIdentity().getPrincipal() instanceof JsonWebToken jwt
                && jwt.getExpirationTime() > 0) {
            return Optional.of(Instant.ofEpochSecond(jwt.getExpirationTime()));
        }
        return Optional.empty();
    }

    /** The last event is on its way: end the connection right after it. */
    private void closeSoon(HttpServerResponse response) {
        vertx.setTimer(200, t -> {
            if (!response.ended() && !response.closed()) {
                response.close();
            }
        });
    }

    /**
     * Only on HTTP/1.1: an HTTP/2 connection is shared with other requests. Vert.x has no public API for one
     * connection's socket options, hence its internal ConnectionBase here (OverflowTest
     * fails without it, a stalled listener then taking megabytes of kernel buffer before it overflows).
     */
    private void limitSendBuffer(RoutingContext rc) {
        long bytes = config.socketSendBuffer().asLongValue();
        if (bytes > 0 && rc.request().version() != HttpVersion.HTTP_2
                && rc.request().connection() instanceof ConnectionBase connection) {
            connection.channel().config().setOption(ChannelOption.SO_SNDBUF, (int) bytes);
        }
    }

    /** A listener that does not even read its overflow event is cut off, so its connection is not held forever. */
    private void closeLater(HttpServerResponse response) {
        vertx.setTimer(config.overflowGrace().toMillis(), t -> {
            if (!response.ended() && !response.closed()) {
                response.close();
            }
        });
    }

}
