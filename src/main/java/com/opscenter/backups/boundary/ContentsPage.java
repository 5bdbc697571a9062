package com.opscenter.backups.boundary;

import com.opscenter.archive.Restorer;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;

/**
 * The paging of {@code GET /backups/{id}/contents}. The body stays the list of entries it always was; the total
 * and the next page travel in headers ({@code X-Total-Count}, {@code Link: <...>; rel="next"}), so clients that
 * read the list keep working and see the first page.
 */
final class ContentsPage {

    static final int DEFAULT_LIMIT = 1000;

    /** A larger limit is capped rather than refused, like the audit trail's. */
    static final int MAX_LIMIT = 10_000;

    private final long offset;
    private final int limit;
    private final UriBuilder self;

    /** {@code self} is the request's URI, taken on the request thread, for the next page's link. */
    ContentsPage(long offset, int limit, UriBuilder self) {
        this.offset = offset;
        this.limit = Math.min(limit, MAX_LIMIT);
        this.self = self;
    }

    int limit() {
        return limit;
    }

    Response answer(Restorer.ContentPage page) {
        var response = Response.ok(page.entries().stream().map(ArchiveEntry::of).toList())
                .header("X-Total-Count", page.total());
        var next = offset + page.entries().size();
        if (next < page.total()) {
            var link = self.clone()
                    .replaceQueryParam("offset", next)
                    .replaceQueryParam("limit", limit)
                    .build();
            response.header("Link", "<" + link + ">; rel=\"next\"");
        }
        return response.build();
    }
}
