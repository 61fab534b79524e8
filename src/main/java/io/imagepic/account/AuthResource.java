package io.imagepic.account;

import java.util.Locale;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.imagepic.access.Access;
import io.imagepic.access.Caller;
import io.imagepic.web.ApiResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * The seed's account routes. Bodies are read as bytes and checked field by field, so every failing
 * field is reported as the seed did. Blocking methods: they run on worker threads (bcrypt, file store).
 */
@Path("/imagepic/auth")
@Tag(name = "auth", description = "Accounts and tokens (the seed's register/login/change)")
public class AuthResource {

    // Failure examples of login and change: the seed's msg "失败" (not "未满足权限": no token is involved).
    static final String WRONG_PASSWORD = "{\"code\":\"-1\",\"data\":{\"err\":\"密码不正确\"},\"msg\":\"失败\",\"success\":false}";
    static final String NO_ACCOUNT = "{\"code\":\"-1\",\"data\":{\"err\":\"失败\"},\"msg\":\"失败\",\"success\":false}";
    static final String LOCKED = "{\"code\":\"-1\",\"data\":{\"err\":\"登录失败次数过多,请20秒后再试\"},\"msg\":\"失败\",\"success\":false}";

    private final AccountService accounts;
    private final RoutingContext rc;
    private final Access access;
    private final AuthConfig config;

    AuthResource(AccountService accounts, RoutingContext rc, Access access, AuthConfig config) {
        this.accounts = accounts;
        this.rc = rc;
        this.access = access;
        this.config = config;
    }

    @GET
    @Path("/registration")
    @Operation(summary = "How accounts are made here", description = "The registration mode (imagepic.auth.registration), for sign-in pages: open (anyone may register), invite (registration needs an invite code, field invite of /imagepic/auth/register) or closed (only admins create accounts). Needs no token.")
    @APIResponse(responseCode = "200", content = @Content(mediaType = "application/json", examples = {
            @ExampleObject(name = "open", value = "{\"code\":\"0\",\"data\":{\"mode\":\"open\"},\"msg\":\"成功\",\"success\":true}"),
            @ExampleObject(name = "invite", value = "{\"code\":\"0\",\"data\":{\"mode\":\"invite\"},\"msg\":\"成功\",\"success\":true}"),
            @ExampleObject(name = "closed", value = "{\"code\":\"0\",\"data\":{\"mode\":\"closed\"},\"msg\":\"成功\",\"success\":true}") }))
    public ApiResponse<Map<String, String>> registration() {
        return ApiResponse.ok(Map.of("mode", config.registration().name().toLowerCase(Locale.ROOT)));
    }

    @GET
    @Path("/me")
    @Operation(summary = "Who the token belongs to", description = "Lets a browser widget check its token.")
    @APIResponse(responseCode = "200", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "caller", value = "{\"code\":\"0\",\"data\":{\"id\":\"3b377e14-f1e4-4b74-87a7-dc03d71f0f30\",\"name\":\"13800138000\",\"admin\":false},\"msg\":\"成功\",\"success\":true}")))
    @APIResponse(responseCode = "401", description = "未满足权限")
    public ApiResponse<Caller> me() {
        return ApiResponse.ok(Caller.of(rc));
    }

    @POST
    @Path("/register")
    @Operation(summary = "Register", description = "imagepic.auth.registration: open (the default, the seed), invite (with the code of an unused invite, in the field invite) or closed (only admins create accounts). Limited per client address (429 + Retry-After). Registering makes nobody an admin.")
    @RequestBody(content = @Content(mediaType = "application/json", examples = {
            @ExampleObject(name = "register", value = "{\"name\":\"Li Lei\",\"tfs\":\"fe\",\"email\":\"lilei@example.com\",\"phone\":\"13800138000\",\"upwd\":\"secret_123\"}"),
            @ExampleObject(name = "withInvite", value = "{\"name\":\"Li Lei\",\"email\":\"lilei@example.com\",\"phone\":\"13800138000\",\"upwd\":\"secret_123\",\"invite\":\"k7m2qp9xa4bc8def3gh5jk6mn7pq8rs9tu\"}") }))
    @APIResponse(responseCode = "200", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "ok", value = "{\"code\":\"0\",\"data\":{},\"msg\":\"成功\",\"success\":true}")))
    @APIResponse(responseCode = "400", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "invalid", value = "{\"code\":\"-1\",\"data\":{\"err\":\"密码不符合规范,手机号码填写不符合规范\"},\"msg\":\"失败\",\"success\":false}")))
    @APIResponse(responseCode = "403", description = "Registration closed, or the invite missing, unknown, used or expired", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "invite", value = "{\"code\":\"-1\",\"data\":{\"err\":\"邀请码无效、已使用或已过期\"},\"msg\":\"失败\",\"success\":false}")))
    @APIResponse(responseCode = "409", description = "已注册")
    @APIResponse(responseCode = "429", description = "Too many registrations from this address; see Retry-After")
    @APIResponse(responseCode = "503", description = "Too many password hashes at once; see Retry-After")
    public ApiResponse<Object> register(byte[] body, @Context HttpServerRequest request) {
        accounts.register(body, ClientAddress.of(request));
        return ApiResponse.ok(Map.of());
    }

    @POST
    @Path("/admin/register")
    @Operation(summary = "Create an account (admin)", description = "Same body as register (no invite needed); works in every registration mode. Admins only, and people only: a service token never creates accounts.")
    @APIResponse(responseCode = "200", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "ok", value = "{\"code\":\"0\",\"data\":{},\"msg\":\"成功\",\"success\":true}")))
    @APIResponse(responseCode = "403", description = "Not an admin, or a service token")
    public ApiResponse<Object> adminRegister(byte[] body) {
        Caller caller = access.requireAdminPerson(Caller.of(rc));
        accounts.registerByAdmin(body, caller.name());
        return ApiResponse.ok(Map.of());
    }

    @POST
    @Path("/login")
    @Operation(summary = "Log in", description = "Answers a JWT for the authorization header (raw or 'Bearer <token>'). Failed attempts are limited per phone and per client address: past the limit, a delay that doubles per further failure (capped), answered 429 + Retry-After.")
    @RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "login", value = "{\"phone\":\"13800138000\",\"upwd\":\"secret_123\"}")))
    @APIResponse(responseCode = "200", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "token", value = "{\"code\":\"0\",\"data\":{\"token\":\"eyJ...\"},\"msg\":\"成功\",\"success\":true}")))
    @APIResponse(responseCode = "401", description = "Wrong password, or no account with this phone", content = @Content(mediaType = "application/json", examples = {
            @ExampleObject(name = "wrongPassword", value = WRONG_PASSWORD),
            @ExampleObject(name = "noAccount", value = NO_ACCOUNT) }))
    @APIResponse(responseCode = "429", description = "Too many failed attempts; see Retry-After", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "locked", value = LOCKED)))
    @APIResponse(responseCode = "403", description = "The account is disabled, or the password is a temporary one (change it first)")
    @APIResponse(responseCode = "503", description = "Too many password checks at once; see Retry-After")
    public ApiResponse<Map<String, String>> login(byte[] body, @Context HttpServerRequest request) {
        return ApiResponse.ok(Map.of("token", accounts.login(body, ClientAddress.of(request))));
    }

    @POST
    @Path("/change")
    @Operation(summary = "Change password", description = "Tokens issued before stop working; answers a fresh token. Also the way to replace a temporary password. Limited as login.")
    @RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "change", value = "{\"phone\":\"13800138000\",\"opwd\":\"secret_123\",\"npwd\":\"secret_456\"}")))
    @APIResponse(responseCode = "200", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "token", value = "{\"code\":\"0\",\"data\":{\"token\":\"eyJ...\"},\"msg\":\"成功\",\"success\":true}")))
    @APIResponse(responseCode = "401", description = "Wrong password, or no account with this phone", content = @Content(mediaType = "application/json", examples = {
            @ExampleObject(name = "wrongPassword", value = WRONG_PASSWORD),
            @ExampleObject(name = "noAccount", value = NO_ACCOUNT) }))
    @APIResponse(responseCode = "429", description = "Too many failed attempts; see Retry-After", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "locked", value = LOCKED)))
    @APIResponse(responseCode = "503", description = "Too many password checks at once; see Retry-After")
    public ApiResponse<Map<String, String>> change(byte[] body, @Context HttpServerRequest request) {
        return ApiResponse.ok(Map.of("token", accounts.change(body, ClientAddress.of(request))));
    }
}
