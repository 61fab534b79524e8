package io.imagepic.account;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.imagepic.web.ApiError;
import io.imagepic.web.Message;

/**
 * Parses and checks the account bodies with the seed's rules, reporting every failing field at once,
 * joined by ','. Fields are read strictly: a number where text is expected fails like a missing field.
 */
public final class AccountForms {

    public static final Pattern PASSWORD = Pattern.compile("^[a-zA-Z0-9_!@#$%^&*]{6,20}$");
    public static final Pattern PHONE = Pattern.compile("^1[3-9]\\d{9}$");
    public static final Pattern EMAIL = Pattern
            .compile("^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}$");

    /** {@code invite}: the code of an invite (registration mode {@code invite}); null when absent. */
    public record Registration(String name, String tfs, String email, String phone, String upwd, String invite) {
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

    public Registration registration(byte[] body) {
        JsonNode o = object(body);
        Registration r = new Registration(text(o, "name"), text(o, "tfs"), text(o, "email"), text(o, "phone"), text(o, "upwd"),
                text(o, "invite"));
        List<Message> err = new ArrayList<>();
        check(err, PASSWORD.matcher(nn(r.upwd())).matches(), AccountMsg.PASSWORD);
        check(err, r.email() != null && r.email().length() <= 254 && EMAIL.matcher(r.email()).matches(), AccountMsg.EMAIL);
        check(err, PHONE.matcher(nn(r.phone())).matches(), AccountMsg.PHONE);
        check(err, freeText(o, "name"), AccountMsg.NAME);
        check(err, freeText(o, "tfs"), AccountMsg.TFS);
        check(err, freeText(o, "invite"), AccountMsg.INVITE_FIELD);
        return fail(err, r);
    }

    public Login login(byte[] body) {
        JsonNode o = object(body);
        Login l = new Login(text(o, "phone"), text(o, "upwd"));
        List<Message> err = new ArrayList<>();
        check(err, PASSWORD.matcher(nn(l.upwd())).matches(), AccountMsg.PASSWORD);
        check(err, PHONE.matcher(nn(l.phone())).matches(), AccountMsg.PHONE);
        return fail(err, l);
    }

    public Change change(byte[] body) {
        JsonNode o = object(body);
        Change c = new Change(text(o, "phone"), text(o, "opwd"), text(o, "npwd"));
        List<Message> err = new ArrayList<>();
        check(err, PASSWORD.matcher(nn(c.opwd())).matches(), AccountMsg.OLD_PASSWORD);
        check(err, PASSWORD.matcher(nn(c.npwd())).matches(), AccountMsg.NEW_PASSWORD);
        check(err, PHONE.matcher(nn(c.phone())).matches(), AccountMsg.PHONE);
        return fail(err, c);
    }

    private JsonNode object(byte[] body) {
        ApiError bad = ApiError.badRequest(AccountMsg.BODY, config.maxBodyBytes());
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

    private void check(List<Message> err, boolean ok, Message msg) {
        if (!ok) {
            err.add(msg.with(config.maxTextLength()));
        }
    }

    /** Every failing field at once, joined by ',' as the seed did. */
    private static <T> T fail(List<Message> err, T form) {
        if (!err.isEmpty()) {
            throw ApiError.badRequest(Message.join(",", err));
        }
        return form;
    }
}
