package io.imagepic.account;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.imagepic.link.LinkConfig;
import io.imagepic.web.ApiError;
import io.imagepic.web.ApiResponse;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Browser sessions that last ("keep me signed in"): sign-in that also starts a refresh-token family, refresh, and
 * sign-out. The refresh token travels only in the cookie {@value #COOKIE}: {@code HttpOnly} (no script reads it),
 * {@code Secure}, {@code SameSite=Strict}, and sent to these paths only. A request that names another origin is
 * refused, so no other site's page can get tokens with it. Blocking (bcrypt, the store): worker threads.
 */
@Path(SessionResource.PATH)
@Tag(name = "auth", description = "Accounts and tokens (the seed's register/login/change)")
public class SessionResource {

    static final String PATH = "/imagepic/auth/session";
    static final String COOKIE = "imagepic_refresh";

    private final AccountService accounts;
    private final RefreshSessions sessions;
    private final Optional<String> publicBaseUrl;
    private final Clock clock;

    SessionResource(AccountService accounts, RefreshSessions sessions,
            LinkConfig links, Clock clock) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.publicBaseUrl = links.publicBaseUrl();
        this.clock = clock;
    }

    @POST
    @Operation(summary = "Sign in and stay signed in", description = "As /imagepic/auth/login (same body, limits and refusals), and also starts a session for this device: the cookie imagepic_refresh (HttpOnly, Secure, SameSite=Strict, Path=/imagepic/auth/session) holds its refresh token. A session cookie sent along (the device signed in before) is ended first: one session per device. Refused (403) when the Origin header names another origin.")
    @RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "signIn", value = "{\"phone\":\"13800138000\",\"upwd\":\"secret_123\"}")))
    @APIResponse(responseCode = "200", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "token", value = "{\"code\":\"0\",\"data\":{\"token\":\"eyJ...\"},\"msg\":\"成功\",\"success\":true}")))
    @APIResponse(responseCode = "401", description = "Wrong password, or no account with this phone")
    @APIResponse(responseCode = "403", description = "Disabled account, a temporary password, or another origin")
    @APIResponse(responseCode = "429", description = "Too many failed attempts; see Retry-After")
    @APIResponse(responseCode = "503", description = "Too many password checks at once; see Retry-After")
    public ApiResponse<Map<String, String>> start(byte[] body, RoutingContext rc) {
        sameOrigin(rc.request());
        AccountService.SignedIn in = accounts.signIn(body, ClientAddress.of(rc.request()));
        Cookie old = rc.request().getCookie(COOKIE);
        if (old != null) {
            sessions.end(old.getValue());
        }
        String device = Optional.ofNullable(rc.request().getHeader("User-Agent"))
                .map(ua -> ua.length() > 200 ? ua.substring(0, 200) : ua)
                .orElse(null);
        RefreshSessions.Issued issued = sessions.start(in.user(), in.token(), device);
        setCookie(rc, issued);
        return ApiResponse.ok(Map.of("token", issued.accessToken()));
    }

    @POST
    @Path("/refresh")
    @Operation(summary = "A new access token for this device", description = "Reads the refresh token from the cookie imagepic_refresh, answers a fresh access token and sets the next refresh token (rotation: the one sent stops working). A refresh token sent again after it was replaced ends its session (its device signs in again): a stolen copy cannot go on beside its owner. 401 when there is no session, it expired or ended, or the account changed (password, reset, disabled, demoted).")
    @APIResponse(responseCode = "200", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "token", value = "{\"code\":\"0\",\"data\":{\"token\":\"eyJ...\"},\"msg\":\"成功\",\"success\":true}")))
    @APIResponse(responseCode = "401", description = "No session, or an ended, expired or replaced one", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "ended", value = "{\"code\":\"-1\",\"data\":{\"err\":\"登录状态已失效,请重新登录\"},\"msg\":\"未满足权限\",\"success\":false}")))
    @APIResponse(responseCode = "403", description = "Another origin")
    public ApiResponse<Map<String, String>> refresh(RoutingContext rc) {
        sameOrigin(rc.request());
        Cookie cookie = rc.request().getCookie(COOKIE);
        RefreshSessions.Issued issued;
        try {
            issued = sessions.refresh(cookie == null ? null : cookie.getValue());
        } catch (ApiError e) {
            if (cookie != null) {
                clearCookie(rc);
            }
            throw e;
        }
        setCookie(rc, issued);
        return ApiResponse.ok(Map.of("token", issued.accessToken()));
    }

    @DELETE
    @Operation(summary = "Sign out this device", description = "Ends the session of the cookie imagepic_refresh (its refresh tokens stop working) and clears the cookie. Answers 200 also when there was none. Access tokens already issued work until they expire (imagepic.auth.jwt.lifespan).")
    @APIResponse(responseCode = "200", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "ended", value = "{\"code\":\"0\",\"data\":{},\"msg\":\"成功\",\"success\":true}")))
    @APIResponse(responseCode = "403", description = "Another origin")
    public ApiResponse<Map<String, String>> end(RoutingContext rc) {
        sameOrigin(rc.request());
        Cookie cookie = rc.request().getCookie(COOKIE);
        if (cookie != null) {
            sessions.end(cookie.getValue());
            clearCookie(rc);
        }
        return ApiResponse.ok(Map.of());
    }

    private void setCookie(RoutingContext rc, RefreshSessions.Issued issued) {
        long maxAge = Math.max(1, Duration.between(clock.instant(), issued.refreshExpires()).toSeconds());
        rc.response().addCookie(cookie(issued.refreshToken()).setMaxAge(maxAge));
    }

    private static void clearCookie(RoutingContext rc) {
        rc.response().addCookie(cookie("").setMaxAge(0));
    }

    private static Cookie cookie(String value) {
        return Cookie.cookie(COOKIE, value).setPath(PATH).setHttpOnly(true).setSecure(true)
                .setSameSite(CookieSameSite.STRICT);
    }

    /**
     * A browser names the page's origin on every POST and DELETE: only the service's own (or its public base
     * URL's) may use the session cookie. No Origin: not a browser page, nothing to forge.
     */
    private void sameOrigin(HttpServerRequest request) {
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return;
        }
        String own = request.scheme() + "://" + request.authority();
        boolean ok = origin.equalsIgnoreCase(own)
                || publicBaseUrl.map(SessionResource::originOf).filter(origin::equalsIgnoreCase).isPresent();
        if (!ok) {
            throw ApiError.failed(ApiError.Kind.FORBIDDEN, AccountMsg.FOREIGN_ORIGIN);
        }
    }

    private static String originOf(String url) {
        URI uri = URI.create(url.trim());
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }
}
