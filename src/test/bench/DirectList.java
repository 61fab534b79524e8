import io.minio.ListObjectsArgs;
import io.minio.MinioClient;

/**
 * Walks a listing straight against the S3 server with the MinIO SDK, for comparison with listObjects
 * through the service. Run with the service's own jars:
 *   java -cp 'target/quarkus-app/lib/main/*' src/test/bench/DirectList.java ENDPOINT KEY SECRET BUCKET PREFIX
 * Prints the number of entries and the seconds it took.
 */
public class DirectList {
    public static void main(String[] a) throws Exception {
        MinioClient minio = MinioClient.builder().endpoint(a[0]).credentials(a[1], a[2]).region("us-east-1").build();
        long start = System.nanoTime();
        long n = 0;
        for (var r : minio.listObjects(ListObjectsArgs.builder().bucket(a[3]).prefix(a[4]).build())) {
            r.get();
            n++;
        }
        System.out.printf("%d %.2f%n", n, (System.nanoTime() - start) / 1e9);
    }
}
