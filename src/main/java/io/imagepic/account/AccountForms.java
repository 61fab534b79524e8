package io.imagepic.account;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.imagepic.account.Msg.Lang;
import io.imagepic.web.ApiException;
import io.imagepic.web.ApiResponse;

/**
 * Parses and checks the account bodies with the seed's rules, reporting every failing field at once,
 * joined by ','. Fields are read strictly: a number where text is expected fails like a missing field.
 */
public final class AccountForms {

    public static final Pattern PASSWORD = Pattern.compile("^[a-zA-Z0-9_!@#$%^&*]{6,20}$");
    public static final Pattern PHONE = Pattern.compile("^1[3-9]\\d{9}$");
    public static final Pattern EMAIL = Pattern
            .compile("^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}$");

    public record Registration(String name, String tfs, String email, String phone, String upwd) {
    }

    public record Login(String phone, String upwd) {
    }

    public record Change(String phone, String opwd, String npwd) {
    }

    private final ObjectReader reader;
    private final AuthConfig config;

    public AccountForms(ObjectMapper json, AuthConfig config) {
        this.reader = json.reader().with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        this.config = config;
    }

    public Registration registration(byte[] body, Lang lang) {
        JsonNode o = object(body, lang);
        Registration r = new Registration(text(o, "name"), text(o, "tfs"), text(o, "email"), text(o, "phone"), text(o, "upwd"));
        List<String> err = new ArrayList<>();
        check(err, PASSWORD.matcher(nn(r.upwd())).matches(), Msg.PASSWORD, lang);
        check(err, r.email() != null && r.email().length() <= 254 && EMAIL.matcher(r.email()).matches(), Msg.EMAIL, lang);
        check(err, PHONE.matcher(nn(r.phone())).matches(), Msg.PHONE, lang);
        check(err, freeText(o, "name"), Msg.NAME, lang);
        check(err, freeText(o, "tfs"), Msg.TFS, lang);
        return fail(err, r);
    }

    public Login login(byte[] body, Lang lang) {
        JsonNode o = object(body, lang);
        Login l = new Login(text(o, "phone"), text(o, "upwd"));
        List<String> err = new ArrayList<>();
        check(err, PASSWORD.matcher(nn(l.upwd())).matches(), Msg.PASSWORD, lang);
        check(err, PHONE.matcher(nn(l.phone())).matches(), Msg.PHONE, lang);
        return fail(err, l);
    }

    public Change change(byte[] body, Lang lang) {
        JsonNode o = object(body, lang);
        Change c = new Change(text(o, "phone"), text(o, "opwd"), text(o, "npwd"));
        List<String> err = new ArrayList<>();
        check(err, PASSWORD.matcher(nn(c.opwd())).matches(), Msg.OLD_PASSWORD, lang);
        check(err, PASSWORD.matcher(nn(c.npwd())).matches(), Msg.NEW_PASSWORD, lang);
        check(err, PHONE.matcher(nn(c.phone())).matches(), Msg.PHONE, lang);
        return fail(err, c);
    }

    /** The seed's failure answer: msg "失败", the reasons in data.err. */
    public static ApiException failure(int status, String err) {
        return new ApiException(status, ApiResponse.FAIL_MSG, Map.of("err", err));
    }

    private JsonNode object(byte[] body, Lang lang) {
        ApiException bad = failure(400, Msg.BODY.in(lang, config.maxBodyBytes()));
        if (body == null || body.length == 0 || body.length > config.maxBodyBytes()) {
            throw bad;
        }
        try {
            JsonNode node = reader.readTree(body);
            if (node == null || !node.isObject()) {
                throw bad;
            }
            return node;
        } catch (java.io.IOException e) {
            throw bad; // the parser's message may quote the body, which holds passwords: never echo it
        }
    }

    private boolean freeText(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() || (v.isTextual() && v.textValue().length() <= config.maxTextLength());
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v != null && v.isTextual() ? v.textValue() : null;
    }

    private static String nn(String s) {
        return s == null ? "" : s;
    }

    private void check(List<String> err, boolean ok, Msg msg, Lang lang) {
        if (!ok) {
            err.add(msg.in(lang, config.maxTextLength()));
        }
    }

    private static <T> T fail(List<String> err, T form) {
        if (!err.isEmpty()) {
            throw failure(400, String.join(",", err));
        }
        return form;
    }
}
