package io.imagepic.account;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.imagepic.state.AtomicFiles;
import io.quarkus.runtime.StartupEvent;

/**
 * Makes sure smallrye-jwt has a key pair. Configured keys (a Kubernetes Secret) are used as they are;
 * otherwise a pair is generated into {@code <store-dir>/jwt/} at first start and reused afterwards.
 * Replicas sharing the directory agree: the private key is created exclusively (the first replica wins),
 * and the public key is always derived from the stored private key.
 */
public class JwtKeys {

    private static final Logger LOG = Logger.getLogger(JwtKeys.class);

    public static final String PRIVATE_KEY_FILE = "privateKey.pem";
    public static final String PUBLIC_KEY_FILE = "publicKey.pem";

    void ensureKeys(@Observes @Priority(1) StartupEvent event, AuthConfig config) throws Exception {
        var jwt = config.jwt();
        if (jwt.publicKeyLocation().isPresent() != jwt.privateKeyLocation().isPresent()) {
            throw new IllegalStateException(
                    "set both imagepic.auth.jwt.public-key-location and imagepic.auth.jwt.private-key-location, or neither");
        }
        if (jwt.publicKeyLocation().isPresent()) {
            for (String location : new String[] { jwt.publicKeyLocation().get(), jwt.privateKeyLocation().get() }) {
                if (!location.contains(":") && !Files.isReadable(Path.of(location))) {
                    throw new IllegalStateException("JWT key file not readable: " + location); // fail at start, not at first login
                }
            }
            return;
        }
        Path dir = generatedKeyDir(config);
        Files.createDirectories(dir);
        AtomicFiles.removeTempFiles(dir);
        Path privateKey = dir.resolve(PRIVATE_KEY_FILE);
        if (!Files.exists(privateKey)) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            if (AtomicFiles.createExclusively(privateKey,
                    pem("PRIVATE KEY", generator.generateKeyPair().getPrivate().getEncoded()))) {
                LOG.infof("generated a JWT signing key pair in %s", dir);
            }
        }
        Path publicKey = dir.resolve(PUBLIC_KEY_FILE);
        if (!Files.exists(publicKey)) {
            AtomicFiles.createExclusively(publicKey, pem("PUBLIC KEY", publicKeyOf(privateKey).getEncoded()));
        }
    }

    public static Path generatedKeyDir(AuthConfig config) {
        return Path.of(config.jwt().generatedKeyDir());
    }

    static PublicKey publicKeyOf(Path privateKeyPem) throws IOException, GeneralSecurityException {
        String text = Files.readString(privateKeyPem, StandardCharsets.US_ASCII)
                .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        KeyFactory rsa = KeyFactory.getInstance("RSA");
        RSAPrivateCrtKey key = (RSAPrivateCrtKey) rsa
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(text)));
        return rsa.generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
    }

    static byte[] pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return ("-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n").getBytes(StandardCharsets.US_ASCII);
    }
}
