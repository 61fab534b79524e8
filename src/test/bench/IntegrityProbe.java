import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

import io.imagepic.s3.S3Credentials;
import io.imagepic.s3.SigV4Signer;

/**
 * Which integrity checks does an S3 server really make? Sends bodies whose declared checksum does not
 * match (one byte changed after the checksum was taken) with each mechanism, and reports whether the
 * server refused them (verified) or stored them (not verified). Every PUT uses UNSIGNED-PAYLOAD.
 *
 * <pre>
 * mvn -q compile
 * java -cp target/classes src/test/bench/IntegrityProbe.java http://127.0.0.1:9000 ACCESS SECRET [bucket]
 * </pre>
 * The bucket is created if missing; probe objects are deleted afterwards.
 */
public class IntegrityProbe {

    static String endpoint;
    static SigV4Signer signer;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        endpoint = args[0];
        signer = SigV4Signer.s3("us-east-1", S3Credentials.of(args[1], args[2]));
        String bucket = args.length > 3 ? args[3] : "integrity-probe";
        send("PUT", "/" + bucket, "", Map.of(), null); // create; "already yours" is fine

        byte[] good = "integrity probe body".getBytes(StandardCharsets.UTF_8);
        byte[] corrupt = good.clone();
        corrupt[3] ^= 0x20;
        String crc = crc32c(good);
        String md5 = md5(good);

        Map<String, Integer> results = new LinkedHashMap<>();
        results.put("Content-MD5 header", send("PUT", "/" + bucket + "/md5", "", Map.of("Content-MD5", md5), corrupt).statusCode());
        results.put("x-amz-checksum-crc32c header", send("PUT", "/" + bucket + "/crc", "",
                Map.of("x-amz-checksum-crc32c", crc), corrupt).statusCode());
        results.put("x-amz-checksum-crc32c trailer (aws-chunked, STREAMING-UNSIGNED-PAYLOAD-TRAILER)",
                trailer(bucket, corrupt, crc).statusCode());
        HttpResponse<String> created = send("POST", "/" + bucket + "/mpu", "uploads=", Map.of("x-amz-checksum-algorithm", "CRC32C"), null);
        String uploadId = created.body().replaceAll("(?s).*<UploadId>(.*)</UploadId>.*", "$1");
        String partQuery = SigV4Signer.canonicalQuery(List.of(Map.entry("partNumber", "1"), Map.entry("uploadId", uploadId)));
        results.put("x-amz-checksum-crc32c header on UploadPart", send("PUT", "/" + bucket + "/mpu", partQuery,
                Map.of("x-amz-checksum-crc32c", crc), corrupt).statusCode());
        send("DELETE", "/" + bucket + "/mpu", SigV4Signer.canonicalQuery(List.of(Map.entry("uploadId", uploadId))), Map.of(), null);

        System.out.println("| mechanism (corrupted body) | answer | verified |");
        System.out.println("|---|---:|---|");
        results.forEach((what, status) -> System.out.printf("| %s | %d | %s |%n", what, status,
                status >= 400 ? "yes" : "**no: stored**"));
        for (String key : List.of("md5", "crc", "trailer")) {
            send("DELETE", "/" + bucket + "/" + key, "", Map.of(), null);
        }
    }

    /** aws-chunked with the checksum in a trailer after the last chunk. */
    static HttpResponse<String> trailer(String bucket, byte[] data, String crc) throws Exception {
        byte[] head = (Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\n0\r\nx-amz-checksum-crc32c:" + crc + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[head.length + data.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(data, 0, body, head.length, data.length);
        System.arraycopy(tail, 0, body, head.length + data.length, tail.length);
        return send("PUT", "/" + bucket + "/trailer", "", Map.of("x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
                "Content-Encoding", "aws-chunked", "x-amz-decoded-content-length", Integer.toString(data.length),
                "x-amz-trailer", "x-amz-checksum-crc32c"), body);
    }

    static HttpResponse<String> send(String method, String path, String query, Map<String, String> extra, byte[] body)
            throws Exception {
        String host = URI.create(endpoint).getRawAuthority();
        String payload = extra.getOrDefault("x-amz-content-sha256", SigV4Signer.UNSIGNED_PAYLOAD);
        List<Map.Entry<String, String>> headers = new ArrayList<>(extra.entrySet());
        headers.add(Map.entry("host", host));
        if (!extra.containsKey("x-amz-content-sha256")) {
            headers.add(Map.entry("x-amz-content-sha256", payload));
        }
        String uri = SigV4Signer.encodePath(path);
        SigV4Signer.Signed signed = signer.sign(method, uri, query, headers, payload, Instant.now());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint + uri + (query.isEmpty() ? "" : "?" + query)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
                .header("x-amz-date", signed.amzDate())
                .header("Authorization", signed.authorization());
        for (Map.Entry<String, String> h : headers) {
            if (!h.getKey().equals("host")) {
                request.header(h.getKey(), h.getValue());
            }
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String crc32c(byte[] b) {
        CRC32C crc = new CRC32C();
        crc.update(b);
        int v = (int) crc.getValue();
        return Base64.getEncoder().encodeToString(new byte[] { (byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v });
    }

    static String md5(byte[] b) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(b));
    }
}
