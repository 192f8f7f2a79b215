package dev.orginvites.shared.http;

import dev.orginvites.shared.version.ReleaseTable;
import java.util.List;
import java.util.Set;

/**
 * What the pipeline needs to know about one operation of the API: its route, its releases, the permissions it
 * requires, the query parameters it accepts, the path parameters that must be UUIDs and whether it takes a body.
 */
public final class Operation {
    private final String routeKey;
    private final ReleaseTable releases;
    private final List<String> permissions;
    private final Set<String> queryParameters;
    private final List<String> idParameters;
    private final boolean takesBody;

    public Operation(String routeKey, ReleaseTable releases, List<String> permissions, Set<String> queryParameters,
            List<String> idParameters, boolean takesBody) {
        this.routeKey = routeKey;
        this.releases = releases;
        this.permissions = List.copyOf(permissions);
        this.queryParameters = Set.copyOf(queryParameters);
        this.idParameters = List.copyOf(idParameters);
        this.takesBody = takesBody;
    }

    /** The API Gateway route key, e.g. {@code POST /orgs/{org_id}/invites}. */
    public String routeKey() {
        return routeKey;
    }

    public ReleaseTable releases() {
        return releases;
    }

    public List<String> permissions() {
        return permissions;
    }

    public Set<String> queryParameters() {
        return queryParameters;
    }

    public List<String> idParameters() {
        return idParameters;
    }

    /** Whether a request carries a document; a body sent to an operation that takes none is refused. */
    public boolean takesBody() {
        return takesBody;
    }
}
