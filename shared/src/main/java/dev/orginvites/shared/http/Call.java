package dev.orginvites.shared.http;

import dev.orginvites.shared.auth.Claims;
import dev.orginvites.shared.version.Resolution;
import java.time.Instant;

/**
 * A request that has passed the pipeline's checks: authenticated, its version resolved, its path ids valid, its
 * org visible to the caller and its permissions sufficient.
 */
public final class Call {
    private final ApiRequest request;
    private final Claims claims;
    private final String orgId;
    private final Resolution version;
    private final Instant now;

    Call(ApiRequest request, Claims claims, String orgId, Resolution version, Instant now) {
        this.request = request;
        this.claims = claims;
        this.orgId = orgId;
        this.version = version;
        this.now = now;
    }

    public ApiRequest request() {
        return request;
    }

    public Claims claims() {
        return claims;
    }

    /** The path's org id, in canonical (lower-case) form. */
    public String orgId() {
        return orgId;
    }

    /** A path id parameter, in canonical (lower-case) form. */
    public String id(String parameter) {
        return Ids.canonical(request.pathParameter(parameter));
    }

    public Resolution version() {
        return version;
    }

    /** The version as the caller wrote it, for links that must keep it. */
    public String requestedVersion() {
        return request.queryParameter(Endpoint.VERSION);
    }

    /** The request's time, one instant for everything the request does. */
    public Instant now() {
        return now;
    }
}
