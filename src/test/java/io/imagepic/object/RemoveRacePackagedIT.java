package io.imagepic.object;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.imagepic.support.Images;
import io.imagepic.support.Multipart;
import io.imagepic.support.PackagedInstances;
import io.imagepic.support.PackagedInstances.Instance;
import io.imagepic.support.S3Interposer;
import io.imagepic.support.Tokens;

/**
 * A writer removes its own image while a manager replaces it: the service checks the uploader (the writer's),
 * and between that check and the delete the manager's replacement lands. Made to happen on cue by a relay between
 * the service and S3 that lets the replacement through first when the delete goes out. The delete is conditional
 * on the version checked, so the replacement stays and the writer is told (409); an unconditional delete removed
 * the manager's image.
 */
class RemoveRacePackagedIT {

    private static final String ADMIN_PHONE = "13900000000";
    private static final String BUCKET = "remove-race";
    private static final String KEY = "victim.png";

    private static final PackagedInstances service = PackagedInstances.of(1)
            .property("imagepic.auth.bcrypt-cost", "4")
            .property("imagepic.admin.phone", ADMIN_PHONE)
            .property("imagepic.admin.password", Tokens.PASSWORD)
            .property("imagepic.access.default", "granted");
    private static final S3Interposer relay = relay(service);

    @RegisterExtension
    static final PackagedInstances replicas = service.property("imagepic.storage.endpoint", relay.url());

    private static S3Interposer relay(PackagedInstances instances) {
        try {
            return new S3Interposer(() -> instances.s3().endpoint());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterAll
    static void closeRelay() {
        relay.close();
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aDeleteRacingAManagersReplacementLeavesTheReplacement() throws Exception {
        Instance i = replicas.get(0);
        String admin = account(i, ADMIN_PHONE);
        i.call("POST", "/imagepic/bucket/makeBucket", admin, "{\"bucketName\":\"" + BUCKET + "\"}", 200);
        String writerPhone = Tokens.randomPhone();
        String managerPhone = Tokens.randomPhone();
        String writer = account(i, writerPhone);
        String manager = account(i, managerPhone);
        grant(i, admin, writerPhone, "write");
        grant(i, admin, managerPhone, "manage");

        upload(i, writer, Images.png(32, 1), 200);
        String writersEtag = stat(i, admin).path("etag").asText();

        AtomicReference<Integer> replaced = new AtomicReference<>();
        relay.before("DELETE /" + BUCKET + "/" + KEY + " ", () -> replaced.set(upload(i, manager, Images.png(32, 2), 200)));
        JsonNode refused = i.call("POST", "/imagepic/object/removeObject", writer,
                "{\"bucketName\":\"" + BUCKET + "\",\"objectName\":\"" + KEY + "\"}", 409);

        assertEquals(200, replaced.get(), "the manager's replacement went through while the delete was held");
        assertEquals(false, refused.path("success").asBoolean());
        JsonNode now = stat(i, admin);
        assertTrue(!writersEtag.equals(now.path("etag").asText()), "the object is the manager's replacement: " + now);
        assertEquals(id(i, manager), now.path("metaData").path("uploader").asText(), "uploaded by the manager");

        // nothing in between: the writer may not remove the manager's image, the manager may
        i.call("POST", "/imagepic/object/removeObject", writer,
                "{\"bucketName\":\"" + BUCKET + "\",\"objectName\":\"" + KEY + "\"}", 403);
        i.call("POST", "/imagepic/object/removeObject", manager,
                "{\"bucketName\":\"" + BUCKET + "\",\"objectName\":\"" + KEY + "\"}", 200);
    }

    private static int upload(Instance i, String token, byte[] png, int expected) {
        HttpResponse<String> r = i.upload(token, BUCKET, Map.of(), new Multipart().file(KEY, "image/png", png));
        assertEquals(expected, r.statusCode(), r.body());
        return r.statusCode();
    }

    private static JsonNode stat(Instance i, String token) {
        return i.call("POST", "/imagepic/object/statObject", token,
                "{\"bucketName\":\"" + BUCKET + "\",\"objectName\":\"" + KEY + "\"}", 200).path("data");
    }

    private static void grant(Instance i, String admin, String phone, String role) {
        i.call("POST", "/imagepic/bucket/members", admin,
                "{\"bucketName\":\"" + BUCKET + "\",\"member\":\"" + phone + "\",\"role\":\"" + role + "\"}", 200);
    }

    private static String id(Instance i, String token) {
        return i.call("GET", "/imagepic/auth/me", token, null, 200).path("data").path("id").asText();
    }

    private static String account(Instance via, String phone) {
        if (!phone.equals(ADMIN_PHONE)) { // the first admin is created at start (imagepic.admin.*)
            via.call("POST", "/imagepic/auth/register", null, "{\"name\":\"it\",\"email\":\"it@example.com\",\"phone\":\""
                    + phone + "\",\"upwd\":\"" + Tokens.PASSWORD + "\"}", 200);
        }
        return via.login(phone, Tokens.PASSWORD);
    }
}
