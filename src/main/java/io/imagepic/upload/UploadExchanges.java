package io.imagepic.upload;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.imagepic.web.Edge;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/**
 * Starts putObject exchanges. It builds, once, everything an exchange works with: its limits, where its files
 * go ({@link FileSinks}), what decides about them ({@link UploadService}), memory for its later files
 * ({@link UploadAdmission}); an exchange calls nothing else.
 */
@ApplicationScoped
public class UploadExchanges {

    /** What one request may do: bytes, files, and the client's pace. */
    record Limits(long maxRequestBytes, long maxFileBytes, int maxFiles, Duration idleTimeout, Duration fileDeadline,
            long minRate, Duration minRateWindow) {

        static Limits of(UploadConfig config) {
            long maxFile = config.maxFileSize().asLongValue();
            return new Limits(config.maxFiles() * (maxFile + 64 * 1024), maxFile, config.maxFiles(), config.idleTimeout(),
                    config.fileDeadline(), config.minRate().asLongValue(), config.minRateWindow());
        }
    }

    /** An exchange's collaborators, all of them. */
    record Context(Limits limits, FileSinks sinks, UploadService decisions, UploadAdmission admission, Vertx vertx,
            Edge edge) {
    }

    private final Context context;

    UploadExchanges(UploadConfig config, FileSinks sinks, UploadService decisions, UploadAdmission admission, Vertx vertx,
            Edge edge) {
        this.context = new Context(Limits.of(config), sinks, decisions, admission, vertx, edge);
    }

    /** Bytes of file parts a request may carry; past it the request is cut off (413). */
    long maxRequestBytes() {
        return context.limits().maxRequestBytes();
    }

    /**
     * Reads the request's multipart body (it must be paused, its headers checked) into its files and answers it.
     *
     * @param boundary the body's multipart boundary
     * @param admitted the memory reserved for its first file, and what to call once it is over
     */
    void start(RoutingContext rc, UploadRequest template, String boundary, UploadAdmission.Admitted admitted) {
        new UploadExchange(rc, template, boundary, admitted, context).start();
    }
}
