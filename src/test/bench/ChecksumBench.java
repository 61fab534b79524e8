import java.lang.management.ManagementFactory;
import java.security.MessageDigest;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * What verifying an upload costs per GiB: SHA-256 (a signed payload), MD5 (Content-MD5) and CRC32/CRC32C
 * (x-amz-checksum-*), over 64 KiB slices of a 5 MiB part, as an upload sees its bytes. Single thread,
 * CPU time of that thread. Plain timing, a few seconds: java src/test/bench/ChecksumBench.java [seconds-per-algorithm]
 */
public class ChecksumBench {

    interface Algo {
        void update(byte[] b, int off, int len);

        long finish();
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 1.0;
        byte[] part = new byte[5 * 1024 * 1024];
        ThreadLocalRandom.current().nextBytes(part);
        var threads = ManagementFactory.getThreadMXBean();
        System.out.printf("# %s, %s, %d cores%n", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                cpuModel(), Runtime.getRuntime().availableProcessors());
        System.out.println("| algorithm | CPU s per GiB | GiB/s (one core) |");
        System.out.println("|---|---:|---:|");
        for (String name : new String[] { "SHA-256", "MD5", "CRC32", "CRC32C" }) {
            // warm-up (JIT, intrinsics), then measure
            run(name, part, seconds / 2, threads);
            double[] r = run(name, part, seconds, threads);
            System.out.printf("| %s | %.3f | %.2f |%n", name, r[0], 1 / r[0]);
        }
    }

    /** Returns {cpu seconds per GiB}. */
    static double[] run(String name, byte[] part, double seconds, java.lang.management.ThreadMXBean threads)
            throws Exception {
        long bytes = 0;
        long sink = 0;
        long cpu0 = threads.getCurrentThreadCpuTime();
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < deadline) {
            Algo a = algo(name);
            for (int off = 0; off < part.length; off += 65536) {
                a.update(part, off, Math.min(65536, part.length - off));
            }
            sink += a.finish();
            bytes += part.length;
        }
        long cpu = threads.getCurrentThreadCpuTime() - cpu0;
        if (sink == 42) {
            System.out.print("");
        }
        return new double[] { cpu / 1e9 / (bytes / (double) (1L << 30)) };
    }

    static Algo algo(String name) throws Exception {
        if (name.startsWith("CRC")) {
            Checksum c = name.equals("CRC32C") ? new CRC32C() : new CRC32();
            return new Algo() {
                public void update(byte[] b, int off, int len) {
                    c.update(b, off, len);
                }

                public long finish() {
                    return c.getValue();
                }
            };
        }
        MessageDigest d = MessageDigest.getInstance(name);
        return new Algo() {
            public void update(byte[] b, int off, int len) {
                d.update(b, off, len);
            }

            public long finish() {
                return d.digest()[0];
            }
        };
    }

    static String cpuModel() {
        try {
            return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name")).findFirst().map(l -> l.split(":", 2)[1].trim()).orElse("?");
        } catch (Exception e) {
            return "?";
        }
    }
}
