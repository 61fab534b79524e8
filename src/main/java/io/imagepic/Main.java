package io.imagepic;

import java.nio.file.Path;
import java.util.Arrays;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.imagepic.state.StateBackends;
import io.imagepic.state.StateImport;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The service's entry point: {@code java -jar quarkus-run.jar} serves; {@code java -jar quarkus-run.jar import-state
 * --from
<dir>
} copies a files backend's state directory into the configured backend (postgres) and exits
 * ({@link StateImport}).
 */
@QuarkusMain
public class Main implements QuarkusApplication {

    @Inject
    StateBackends state;

    @Inject
    ObjectMapper json;

    public static void main(String... args) {
        if (args.length == 3 && args[0].equals("import-state")) {
            // The import's own start-up takes the keys over from the directory (JWT and signed-link keys: the first
            // replica's key wins, so nothing may generate another one first), and listens on no fixed port.
            Path from = Path.of(args[2]).toAbsolutePath();
            defaultTo("imagepic.auth.jwt.generated-key-dir", from.resolve("jwt").toString());
            defaultTo("imagepic.serving.signed-links.secret-file", from.resolve("link-signing.key").toString());
            defaultTo("quarkus.http.port", "0");
            defaultTo("quarkus.management.port", "0");
        }
        Quarkus.run(Main.class, args);
    }

    private static void defaultTo(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    @Override
    public int run(String... args) {
        if (args.length == 0) {
            Quarkus.waitForExit();
            return 0;
        }
        if (args[0].equals("import-state") && args.length == 3 && args[1].equals("--from")) {
            System.out.println(StateImport.run(Path.of(args[2]), state.engine(), json));
            return 0;
        }
        System.err.println("usage: java -jar quarkus-run.jar [import-state --from <state directory>], not "
                + Arrays.toString(args));
        return 2;
    }
}
