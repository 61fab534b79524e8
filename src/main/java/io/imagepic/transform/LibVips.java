package io.imagepic.transform;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The few functions of libvips' C API (8.14, Debian's {@code libvips42}) the transforms call, mapped by JNA.
 * Optional arguments are C varargs: name, value pairs ended by {@code null}; pass {@code int} for
 * {@code gboolean} and enums, never a Java {@code boolean}. GLib's {@code g_free} and {@code g_object_unref}
 * are reached through libvips' own handle (its dependencies). Every image pointer returned is a new reference
 * the caller unrefs.
 */
interface LibVips extends Library {

    int VIPS_MAX_COORD = 10_000_000;

    /** VipsSize */
    int SIZE_BOTH = 0;
    int SIZE_DOWN = 2;

    /** VipsInteresting */
    int INTERESTING_NONE = 0;
    int INTERESTING_CENTRE = 1;

    /** VipsFailOn: stop on a serious error or a truncated file. */
    int FAIL_ON_ERROR = 2;

    /** VipsForeignHeifCompression */
    int HEIF_COMPRESSION_HEVC = 1;
    int HEIF_COMPRESSION_AV1 = 4;

    int vips_init(String argv0);

    String vips_version_string();

    void vips_block_untrusted_set(int state);

    void vips_cache_set_max(int max);

    void vips_cache_set_max_mem(long bytes);

    void vips_cache_set_max_files(int max);

    void vips_concurrency_set(int concurrency);

    void vips_leak_set(int leak);

    /** The nickname of the class that would load this buffer ({@code VipsForeignLoadJpegBuffer}...), or null. */
    String vips_foreign_find_load_buffer(Pointer data, long size);

    /** Reads the header only: pixels are decoded when something asks for them. */
    Pointer vips_image_new_from_buffer(Pointer data, long size, String optionString, Object... options);

    int vips_image_get_width(Pointer image);

    int vips_image_get_height(Pointer image);

    int vips_image_get_n_pages(Pointer image);

    int vips_image_get_page_height(Pointer image);

    /** The GType of a metadata field, 0 when absent. */
    long vips_image_get_typeof(Pointer image, String name);

    int vips_image_get_int(Pointer image, String name, IntByReference out);

    int vips_image_hasalpha(Pointer image);

    int vips_image_remove(Pointer image, String name);

    /** The names of all fields (a NULL-terminated array the caller frees with {@code g_strfreev}). */
    Pointer vips_image_get_fields(Pointer image);

    void g_strfreev(Pointer strings);

    void vips_image_set_kill(Pointer image, int kill);

    int vips_thumbnail_buffer(Pointer data, long size, PointerByReference out, int width, Object... options);

    int vips_autorot(Pointer in, PointerByReference out, Object... options);

    int vips_copy(Pointer in, PointerByReference out, Object... options);

    int vips_flatten(Pointer in, PointerByReference out, Object... options);

    Pointer vips_array_double_new(double[] values, int n);

    void vips_area_unref(Pointer area);

    int vips_jpegsave_buffer(Pointer in, PointerByReference buffer, LongByReference length, Object... options);

    int vips_pngsave_buffer(Pointer in, PointerByReference buffer, LongByReference length, Object... options);

    int vips_webpsave_buffer(Pointer in, PointerByReference buffer, LongByReference length, Object... options);

    int vips_heifsave_buffer(Pointer in, PointerByReference buffer, LongByReference length, Object... options);

    String vips_error_buffer();

    void vips_error_clear();

    void g_object_unref(Pointer object);

    void g_free(Pointer memory);
}
