package io.imagepic.account;

import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.imagepic.access.Caller;
import io.imagepic.web.ApiResponse;
import io.quarkus.security.identity.SecurityIdentity;

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
    static final String LOCKED = "{\"code\":\"-1\",\"data\":{\"err\":\"登录失败次数过多,请900秒后再试\"},\"msg\":\"失败\",\"success\":false}";

    private final AccountService accounts;
    private final SecurityIdentity identity;

    AuthResource(AccountService accounts, SecurityIdentity identity) {
        this.accounts = accounts;
        this.identity = identity;
    }

    @GET
    @Path("/me")
    @Operation(summary = "Who the token belongs to", description = "Lets a browser widget check its token.")
    @APIResponse(responseCode = "200", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "caller", value = "{\"code\":\"0\",\"data\":{\"id\":\"3b377e14-f1e4-4b74-87a7-dc03d71f0f30\",\"name\":\"13800138000\",\"admin\":false},\"msg\":\"成功\",\"success\":true}")))
    @APIResponse(responseCode = "401", description = "未满足权限")
    public ApiResponse<Caller> me() {
        return ApiResponse.ok(Caller.of(identity));
    }

    @POST
    @Path("/register")
    @Operation(summary = "Register", description = "Open by default; when imagepic.auth.registration=closed only admins (and the configured admin phones) may.")
    @RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "register", value = "{\"name\":\"Li Lei\",\"tfs\":\"fe\",\"email\":\"lilei@example.com\",\"phone\":\"13800138000\",\"upwd\":\"secret_123\"}")))
    @APIResponse(responseCode = "200", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "ok", value = "{\"code\":\"0\",\"data\":{},\"msg\":\"成功\",\"success\":true}")))
    @APIResponse(responseCode = "400", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "invalid", value = "{\"code\":\"-1\",\"data\":{\"err\":\"密码不符合规范,手机号码填写不符合规范\"},\"msg\":\"失败\",\"success\":false}")))
    @APIResponse(responseCode = "409", description = "已注册")
    public ApiResponse<Object> register(byte[] body) {
        accounts.register(body, false);
        return ApiResponse.ok(Map.of());
    }

    @POST
    @Path("/admin/register")
    @Operation(summary = "Create an account (admin)", description = "Same body as register; works when registration is closed.")
    @APIResponse(responseCode = "200", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "ok", value = "{\"code\":\"0\",\"data\":{},\"msg\":\"成功\",\"success\":true}")))
    public ApiResponse<Object> adminRegister(byte[] body) {
        accounts.register(body, true);
        return ApiResponse.ok(Map.of());
    }

    @POST
    @Path("/login")
    @Operation(summary = "Log in", description = "Answers a JWT for the authorization header (raw or 'Bearer <token>').")
    @RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "login", value = "{\"phone\":\"13800138000\",\"upwd\":\"secret_123\"}")))
    @APIResponse(responseCode = "200", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "token", value = "{\"code\":\"0\",\"data\":{\"token\":\"eyJ...\"},\"msg\":\"成功\",\"success\":true}")))
    @APIResponse(responseCode = "401", description = "Wrong password, or no account with this phone", content = @Content(mediaType = "application/json", examples = {
            @ExampleObject(name = "wrongPassword", value = WRONG_PASSWORD),
            @ExampleObject(name = "noAccount", value = NO_ACCOUNT) }))
    @APIResponse(responseCode = "429", description = "Too many failed attempts; see Retry-After", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "locked", value = LOCKED)))
    public ApiResponse<Map<String, String>> login(byte[] body) {
        return ApiResponse.ok(Map.of("token", accounts.login(body)));
    }

    @POST
    @Path("/change")
    @Operation(summary = "Change password", description = "Tokens issued before stop working; answers a fresh token.")
    @RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "change", value = "{\"phone\":\"13800138000\",\"opwd\":\"secret_123\",\"npwd\":\"secret_456\"}")))
    @APIResponse(responseCode = "200", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "token", value = "{\"code\":\"0\",\"data\":{\"token\":\"eyJ...\"},\"msg\":\"成功\",\"success\":true}")))
    @APIResponse(responseCode = "401", description = "Wrong password, or no account with this phone", content = @Content(mediaType = "application/json", examples = {
            @ExampleObject(name = "wrongPassword", value = WRONG_PASSWORD),
            @ExampleObject(name = "noAccount", value = NO_ACCOUNT) }))
    @APIResponse(responseCode = "429", description = "Too many failed attempts; see Retry-After", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "locked", value = LOCKED)))
    public ApiResponse<Map<String, String>> change(byte[] body) {
        return ApiResponse.ok(Map.of("token", accounts.change(body)));
    }
}
