package io.imagepic.transform;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

import io.imagepic.web.ApiError;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.StartupEvent;

/**
 * libvips, the way imgproxy and sharp use it: the header is read and checked before any pixel is decoded
 * (type allow-list, pixel limit), then one {@code vips_thumbnail_buffer} (shrink-on-load, EXIF orientation
 * applied, alpha premultiplied while resizing, an embedded ICC profile converted to sRGB) and one
 * {@code *save_buffer} with {@code strip} (no EXIF, GPS, XMP or ICC in a derivative). Untrusted loaders
 * (ImageMagick, PDF, SVG...) are blocked, the operation cache is off (its keys are buffer addresses, which
 * are reused), and libvips runs one thread per transform: the pool already runs one transform per core.
 * <p>
 * The deadline needs no callback from C: libvips checks a "kill" flag on every image of a pipeline each time
 * a region is computed, so a timer thread sets it on the output image ({@code vips_image_set_kill}) and the
 * save fails within one tile's work. The timer repeats until the transform ends, because a sink clears the
 * flag of its own image when it starts.
 * <p>
 * Thread-safe; every call blocks (run it on the transform pool, never on the event loop).
 */
@Startup
@Singleton
public class VipsEngine {

    private static final Logger LOG = Logger.getLogger(VipsEngine.class);
    static final String MISSING = "imagepic.transform.enabled is true but libvips cannot be loaded (%s): install it"
            + " (Debian/Ubuntu: apt-get install libvips42 libheif1) or set IMAGEPIC_TRANSFORM_ENABLED=false";
    private static final int AVIF_DEFAULT_QUALITY = 65;
    private static final int STRIP_QUALITY = 92;

    /** What a source file is, by the loader libvips picks for it; anything else is refused before decoding. */
    public enum SourceType {
        JPEG(OutputFormat.JPEG),
        PNG(OutputFormat.PNG),
        WEBP(OutputFormat.WEBP),
        GIF(OutputFormat.PNG),
        AVIF(OutputFormat.AVIF),
        HEIC(OutputFormat.JPEG);

        /** The output when no format is asked for: the same, or one every browser shows. */
        final OutputFormat web;

        SourceType(OutputFormat web) {
            this.web = web;
        }
    }

    /** A source's header: dimensions of its first frame, frames, an ICC profile, the EXIF orientation. */
    public record Header(SourceType type, int width, int height, int pages, boolean icc, int orientation) {
    }

    /** An encoded derivative. */
    public record Rendered(byte[] bytes, OutputFormat format, int width, int height) {
    }

    private final TransformConfig config;
    /** libvips, loading or loaded; null when transforms are off. */
    private final CompletableFuture<LibVips> loading;
    private final ScheduledExecutorService killer;

    /**
     * Loads libvips on a thread of its own (JNA binding and vips_init), beside the rest of the start instead of on
     * the main thread; {@link #loaded} waits for it, so a missing libvips still stops the start.
     */
    VipsEngine(TransformConfig config) {
        this.config = config;
        this.loading = config.enabled() ? CompletableFuture.supplyAsync(() -> load(config.vipsConcurrency()), r -> {
            Thread t = new Thread(r, "imagepic-vips-load");
            t.setDaemon(true);
            t.start();
        }) : null;
        this.killer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "imagepic-transform-deadline");
            t.setDaemon(true);
            return t;
        });
    }

    static LibVips load(int concurrency) {
        LibVips lib;
        try {
            lib = Native.load("vips", LibVips.class);
        } catch (UnsatisfiedLinkError first) {
            try {
                lib = Native.load("libvips.so.42", LibVips.class); // Debian ships the unversioned name with -dev only
            } catch (UnsatisfiedLinkError e) {
                throw new IllegalStateException(String.format(MISSING, first.getMessage()), e);
            }
        }
        if (lib.vips_init("imagepic") != 0) {
            throw new IllegalStateException("libvips did not start: " + lib.vips_error_buffer());
        }
        lib.vips_block_untrusted_set(1);
        lib.vips_cache_set_max(0);
        lib.vips_cache_set_max_mem(0);
        lib.vips_cache_set_max_files(0);
        lib.vips_concurrency_set(Math.max(1, concurrency));
        LOG.infof("libvips %s: transforms on (untrusted loaders blocked, operation cache off)", lib.vips_version_string());
        return lib;
    }

    /** The start fails, as it always did, when transforms are on and libvips cannot be loaded. */
    void loaded(@Observes StartupEvent event) {
        vips();
    }

    /** libvips; waits for the load the first time (a caller runs on the transform pool, never on an event loop). */
    private LibVips vips() {
        if (loading == null) {
            return null;
        }
        try {
            return loading.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    @PreDestroy
    void stop() {
        killer.shutdownNow();
    }

    public boolean enabled() {
        return loading != null;
    }

    /** The version libvips reports, e.g. {@code 8.14.1}; null when transforms are off. */
    public String version() {
        return loading == null ? null : vips().vips_version_string();
    }

    /** Reads and checks the header only: the type against the allow-list, the pixels against the limit. */
    public Header header(Pointer data, long length) {
        SourceType type = typeOf(data, length);
        Pointer image = vips().vips_image_new_from_buffer(data, length, "", (Object) null);
        if (image == null) {
            throw corrupt("header");
        }
        try {
            IntByReference orientation = new IntByReference(1);
            if (vips().vips_image_get_typeof(image, "orientation") != 0) {
                vips().vips_image_get_int(image, "orientation", orientation);
            }
            Header h = new Header(type, vips().vips_image_get_width(image), vips().vips_image_get_height(image),
                    Math.max(1, vips().vips_image_get_n_pages(image)),
                    vips().vips_image_get_typeof(image, "icc-profile-data") != 0, orientation.getValue());
            if ((long) h.width() * h.height() > config.maxPixels()) {
                throw new ApiError(ApiError.Kind.UNPROCESSABLE, TransformMsg.TOO_MANY_PIXELS, h.width(), h.height(),
                        config.maxPixels());
            }
            return h;
        } finally {
            vips().g_object_unref(image);
        }
    }

    /** Resizes, crops and encodes one derivative of the source in {@code data} (which libvips reads in place). */
    public Rendered transform(Pointer data, long length, Transform t) {
        Header header = header(data, length);
        List<Object> options = new ArrayList<>();
        options.add("height");
        options.add(t.height() > 0 ? t.height() : LibVips.VIPS_MAX_COORD);
        options.add("size");
        options.add(t.fit() == Fit.MAX || (t.width() == 0 && t.height() == 0) ? LibVips.SIZE_DOWN : LibVips.SIZE_BOTH);
        options.add("crop");
        options.add(t.fit() == Fit.CROP && t.width() > 0 && t.height() > 0 ? LibVips.INTERESTING_CENTRE
                : LibVips.INTERESTING_NONE);
        options.add("option_string"); // the buffer variant hands the loader this, not its own fail_on
        options.add("[fail_on=error]"); // a truncated or corrupt file fails instead of a grey remainder
        if (header.icc()) {
            options.add("export_profile");
            options.add("srgb"); // libvips' built-in sRGB: the profile goes with strip, the colours stay right
        }
        options.add(null);
        OutputFormat format = t.format() != null ? t.format() : header.type().web;
        try (Pipeline p = new Pipeline()) {
            PointerByReference out = new PointerByReference();
            p.check(vips().vips_thumbnail_buffer(data, length, out, t.width() > 0 ? t.width() : LibVips.VIPS_MAX_COORD,
                    options.toArray()), "thumbnail");
            Pointer image = p.keep(out.getValue());
            int width = vips().vips_image_get_width(image);
            int height = vips().vips_image_get_height(image);
            if ((long) width * height > config.maxPixels()) {
                throw new ApiError(ApiError.Kind.UNPROCESSABLE, TransformMsg.OUTPUT_TOO_LARGE, width, height,
                        config.maxPixels());
            }
            if (format == OutputFormat.JPEG && vips().vips_image_hasalpha(image) != 0) {
                image = p.flattenOnWhite(image);
            }
            int quality = t.quality() > 0 ? t.quality()
                    : format == OutputFormat.AVIF ? Math.min(AVIF_DEFAULT_QUALITY, config.defaultQuality())
                            : config.defaultQuality();
            return new Rendered(p.save(image, format, quality, true), format, width, height);
        }
    }

    /**
     * The source without its EXIF, XMP and IPTC blocks (GPS positions, camera, dates), its orientation applied
     * to the pixels, its ICC profile kept, in its own format; null for a GIF (it carries no such metadata).
     * Lossy formats are encoded again at a high quality.
     */
    public byte[] strip(Pointer data, long length) {
        Header header = header(data, length);
        if (header.type() == SourceType.GIF) {
            return null;
        }
        try (Pipeline p = new Pipeline()) {
            Pointer loaded = p.keep(vips().vips_image_new_from_buffer(data, length, "", "fail_on", LibVips.FAIL_ON_ERROR,
                    null));
            if (loaded == null) {
                throw corrupt("load");
            }
            PointerByReference rotated = new PointerByReference();
            p.check(vips().vips_autorot(loaded, rotated, (Object) null), "autorot");
            p.keep(rotated.getValue());
            PointerByReference copy = new PointerByReference();
            p.check(vips().vips_copy(rotated.getValue(), copy, (Object) null), "copy");
            Pointer own = p.keep(copy.getValue());
            // the blobs, and the parsed exif-ifdN-* fields libvips would write a new EXIF block from
            Pointer fields = vips().vips_image_get_fields(own);
            try {
                for (String field : fields.getStringArray(0)) {
                    if (field.startsWith("exif-") || field.startsWith("xmp-") || field.startsWith("iptc-")
                            || field.equals("orientation")) {
                        vips().vips_image_remove(own, field);
                    }
                }
            } finally {
                vips().g_strfreev(fields);
            }
            OutputFormat format = switch (header.type()) {
                case JPEG, HEIC -> header.type() == SourceType.HEIC ? null : OutputFormat.JPEG;
                case PNG -> OutputFormat.PNG;
                case WEBP -> OutputFormat.WEBP;
                case AVIF -> OutputFormat.AVIF;
                case GIF -> throw new IllegalStateException();
            };
            if (format == null) {
                return p.saveHeic(own, STRIP_QUALITY);
            }
            return p.save(own, format, STRIP_QUALITY, false);
        }
    }

    private SourceType typeOf(Pointer data, long length) {
        if (loading == null) {
            throw new ApiError(ApiError.Kind.BAD_REQUEST, TransformMsg.DISABLED);
        }
        String loader = vips().vips_foreign_find_load_buffer(data, length);
        if (loader == null) {
            vips().vips_error_clear();
            throw new ApiError(ApiError.Kind.UNSUPPORTED_TYPE, TransformMsg.UNSUPPORTED);
        }
        return switch (loader) {
            case "VipsForeignLoadJpegBuffer" -> SourceType.JPEG;
            case "VipsForeignLoadPngBuffer" -> SourceType.PNG;
            case "VipsForeignLoadWebpBuffer" -> SourceType.WEBP;
            case "VipsForeignLoadNsgifBuffer" -> SourceType.GIF;
            case "VipsForeignLoadHeifBuffer" -> isAvif(data, length) ? SourceType.AVIF : SourceType.HEIC;
            default -> throw new ApiError(ApiError.Kind.UNSUPPORTED_TYPE, TransformMsg.UNSUPPORTED);
        };
    }

    /** An ISO-BMFF file whose major brand is AV1 ({@code ftypavif}, {@code ftypavis}). */
    private static boolean isAvif(Pointer data, long length) {
        if (length < 12) {
            return false;
        }
        String brand = new String(data.getByteArray(4, 8), StandardCharsets.US_ASCII);
        return brand.equals("ftypavif") || brand.equals("ftypavis");
    }

    private ApiError corrupt(String step) {
        String detail = vips().vips_error_buffer();
        vips().vips_error_clear();
        LOG.debugf("libvips refused the image at %s: %s", step, detail);
        return new ApiError(ApiError.Kind.UNPROCESSABLE, TransformMsg.CORRUPT);
    }

    /**
     * The images of one transform, unreferenced at the end, and its deadline: a timer that sets the kill flag
     * on the newest image until {@link #close()}.
     */
    private final class Pipeline implements AutoCloseable {
        private final List<Pointer> images = new ArrayList<>();
        private final ScheduledFuture<?> timer;
        private Pointer watched;
        private boolean fired;
        private boolean closed;

        Pipeline() {
            long ms = config.deadline().toMillis();
            this.timer = killer.scheduleAtFixedRate(this::kill, ms, 25, TimeUnit.MILLISECONDS);
        }

        private synchronized void kill() {
            fired = true;
            if (!closed && watched != null) {
                vips().vips_image_set_kill(watched, 1);
            }
        }

        synchronized Pointer keep(Pointer image) {
            if (image != null) {
                images.add(image);
                watched = image;
                if (fired) {
                    vips().vips_image_set_kill(image, 1);
                }
            }
            return image;
        }

        void check(int result, String step) {
            if (result != 0) {
                throw failure(step);
            }
        }

        private ApiError failure(String step) {
            synchronized (this) {
                if (fired) {
                    vips().vips_error_clear();
                    return new ApiError(ApiError.Kind.UNAVAILABLE, TransformMsg.TOO_SLOW, config.deadline().toSeconds())
                            .retryAfter(java.time.Duration.ofSeconds(1));
                }
            }
            return corrupt(step);
        }

        Pointer flattenOnWhite(Pointer image) {
            Pointer white = vips().vips_array_double_new(new double[] { 255, 255, 255 }, 3);
            try {
                PointerByReference flat = new PointerByReference();
                check(vips().vips_flatten(image, flat, "background", white, null), "flatten");
                return keep(flat.getValue());
            } finally {
                vips().vips_area_unref(white);
            }
        }

        byte[] save(Pointer image, OutputFormat format, int quality, boolean strip) {
            PointerByReference buffer = new PointerByReference();
            LongByReference length = new LongByReference();
            int s = strip ? 1 : 0;
            int result = switch (format) {
                case JPEG -> vips().vips_jpegsave_buffer(image, buffer, length, "Q", quality, "strip", s,
                        "optimize_coding", 1, null);
                case PNG -> vips().vips_pngsave_buffer(image, buffer, length, "strip", s, null);
                case WEBP -> vips().vips_webpsave_buffer(image, buffer, length, "Q", quality, "strip", s, null);
                case AVIF -> vips().vips_heifsave_buffer(image, buffer, length, "Q", quality, "compression",
                        LibVips.HEIF_COMPRESSION_AV1, "effort", config.avifEffort(), "strip", s, null);
            };
            byte[] bytes = copied(result, buffer, length, "save " + format);
            // libvips 8.14.1's webpsave ignores strip: its metadata chunks are removed afterwards
            return format == OutputFormat.WEBP
                    ? WebpMetadata.without(bytes, strip ? WebpMetadata.WITH_PROFILE : WebpMetadata.METADATA)
                    : bytes;
        }

        byte[] saveHeic(Pointer image, int quality) {
            PointerByReference buffer = new PointerByReference();
            LongByReference length = new LongByReference();
            return copied(vips().vips_heifsave_buffer(image, buffer, length, "Q", quality, "compression",
                    LibVips.HEIF_COMPRESSION_HEVC, null), buffer, length, "save heic");
        }

        private byte[] copied(int result, PointerByReference buffer, LongByReference length, String step) {
            check(result, step);
            Pointer bytes = buffer.getValue();
            try {
                return bytes.getByteArray(0, Math.toIntExact(length.getValue()));
            } finally {
                vips().g_free(bytes);
            }
        }

        @Override
        public void close() {
            timer.cancel(false);
            synchronized (this) {
                closed = true;
                watched = null;
            }
            for (int i = images.size() - 1; i >= 0; i--) {
                vips().g_object_unref(images.get(i));
            }
        }
    }
}
