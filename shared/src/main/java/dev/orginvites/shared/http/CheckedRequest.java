package dev.orginvites.shared.http;

import dev.orginvites.shared.auth.Claims;
import dev.orginvites.shared.version.Resolution;
import java.time.Instant;

/**
 * A request that has passed the pipeline's checks: authenticated, its version resolved, its path ids valid, and (for
 * an operation under an org) its org visible to the caller and its permissions sufficient.
 *
 * @param orgId the path's org id, in canonical (lower-case) form; null for an operation under no org
 * @param now the request's time, one instant for everything the request does
 */
public record CheckedRequest(ApiRequest request, Claims claims, String orgId, Resolution version, Instant now) {

    /** A path id parameter, in canonical (lower-case) form. */
    public String id(String parameter) {
        return Ids.canonical(request.pathParameter(parameter));
    }

    /**
     * A path of this API as a link or {@code location} names it: under the {@linkplain ApiRequest#basePath() base
     * path} the request came in on, so a client that follows it stays there.
     */
    public String link(String path) {
        return request.basePath() + path;
    }

    /** The version as the caller wrote it, for links that must keep it. */
    public String requestedVersion() {
        return request.queryParameter(RequestPipeline.VERSION);
    }
}
