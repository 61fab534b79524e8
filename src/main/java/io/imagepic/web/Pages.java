package io.imagepic.web;

import java.util.List;

/** The seed's pagination: 1-based page numbers over an in-memory list (buckets are few). */
public final class Pages {

    private Pages() {
    }

    public static <T> List<T> page(List<T> all, int pageSize, int pageNum) {
        if (pageSize < 1 || pageNum < 1) {
            throw ApiError.badRequest(WebMsg.PAGE);
        }
        long from = (long) (pageNum - 1) * pageSize;
        if (from >= all.size()) {
            return List.of();
        }
        return all.subList((int) from, (int) Math.min(all.size(), from + pageSize));
    }
}
