package dev.orginvites.shared.http;

import dev.orginvites.shared.jsonapi.ApiError;
import dev.orginvites.shared.store.Cursor;
import dev.orginvites.shared.store.PageRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A list operation's paging parameters as Snyk's spec defines them ({@code limit}: 10 to 100 in steps of 10, default
 * 10; an opaque cursor in {@code starting_after} or {@code ending_before}, not both), read from a request, and the
 * links of the page they ask for. Every list operation pages alike, so this is the one place that reads them.
 */
public final class Paging {
    public static final String LIMIT = "limit";
    public static final String STARTING_AFTER = "starting_after";
    public static final String ENDING_BEFORE = "ending_before";
    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 100;
    private static final Pattern LIMIT_SYNTAX = Pattern.compile("[1-9][0-9]{1,2}");

    private final int limit;
    private final String after;
    private final String before;
    private final PageRequest page;

    private Paging(int limit, String after, String before, PageRequest page) {
        this.limit = limit;
        this.after = after;
        this.before = before;
        this.page = page;
    }

    /**
     * The paging a request asks for.
     *
     * @throws ApiError a 400 naming the parameter at fault
     */
    public static Paging of(ApiRequest request) {
        int limit = limit(request.queryParameter(LIMIT));
        String after = request.queryParameter(STARTING_AFTER);
        String before = request.queryParameter(ENDING_BEFORE);
        if (after != null && before != null) {
            throw ApiError.badParameter(ENDING_BEFORE, "Use either 'starting_after' or 'ending_before', not both.");
        }
        PageRequest page = after != null ? PageRequest.after(limit, position(STARTING_AFTER, after))
                : before != null ? PageRequest.before(limit, position(ENDING_BEFORE, before))
                : PageRequest.first(limit);
        return new Paging(limit, after, before, page);
    }

    /** The page to read. */
    public PageRequest page() {
        return page;
    }

    /**
     * The page's links, {@code self}, {@code first}, and {@code prev} and {@code next} where the store gave their
     * cursors, each on {@code path} with the version as the caller wrote it and the limit in force.
     */
    public Map<String, String> links(String path, String requestedVersion, String previousCursor, String nextCursor) {
        return links(path, requestedVersion, Map.of(), previousCursor, nextCursor);
    }

    /**
     * As {@link #links(String, String, String, String)}, for a filtered list: each link keeps the filters, in the
     * order given, their values URL-encoded.
     */
    public Map<String, String> links(String path, String requestedVersion, Map<String, String> filters,
            String previousCursor, String nextCursor) {
        StringBuilder query = new StringBuilder(path).append("?version=").append(requestedVersion)
                .append('&').append(LIMIT).append('=').append(limit);
        for (Map.Entry<String, String> filter : filters.entrySet()) {
            query.append('&').append(filter.getKey()).append('=')
                    .append(URLEncoder.encode(filter.getValue(), StandardCharsets.UTF_8));
        }
        String first = query.toString();
        Map<String, String> links = new LinkedHashMap<>();
        links.put("self", after != null ? first + "&" + STARTING_AFTER + "=" + after
                : before != null ? first + "&" + ENDING_BEFORE + "=" + before : first);
        links.put("first", first);
        if (previousCursor != null) {
            links.put("prev", first + "&" + ENDING_BEFORE + "=" + previousCursor);
        }
        if (nextCursor != null) {
            links.put("next", first + "&" + STARTING_AFTER + "=" + nextCursor);
        }
        return links;
    }

    /** 10 to 100 in steps of 10, as the contract's Limit parameter says; 10 when absent. */
    static int limit(String text) {
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        if (LIMIT_SYNTAX.matcher(text).matches()) {
            int limit = Integer.parseInt(text);
            if (limit <= MAX_LIMIT && limit % 10 == 0) {
                return limit;
            }
        }
        throw ApiError.badParameter(LIMIT, "'limit' must be a multiple of 10 from 10 to " + MAX_LIMIT + ".");
    }

    private static String position(String parameter, String cursor) {
        try {
            return Cursor.id(cursor);
        } catch (IllegalArgumentException e) {
            throw ApiError.badParameter(parameter, "'" + parameter + "' is not a cursor this API issued.");
        }
    }
}
