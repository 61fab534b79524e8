package io.imagepic.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVMs the tests start besides their own (S3Proxy, packaged instances, state workers, crash writers) run as the
 * test JVMs do (the pom's {@code test.jvm.options}): C1 alone and the serial collector. They live seconds to
 * minutes, too short for C2's compiler threads to pay for the CPU they take from the tests running beside them.
 */
public final class TestJvm {

    public static final List<String> OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private TestJvm() {
    }

    /** {@code java OPTIONS extraOptions -cp <the tests' class path> main}; the caller appends main's arguments. */
    public static List<String> command(Class<?> main, String... extraOptions) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(OPTIONS);
        command.addAll(List.of(extraOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        return command;
    }

    /** {@link #OPTIONS} after the given ones (a heap size, say). */
    public static List<String> options(String... first) {
        List<String> options = new ArrayList<>(List.of(first));
        options.addAll(OPTIONS);
        return List.copyOf(options);
    }
}
