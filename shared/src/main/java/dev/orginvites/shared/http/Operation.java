package dev.orginvites.shared.http;

import dev.orginvites.shared.version.ReleaseTable;
import java.util.List;
import java.util.Set;

/**
 * What the pipeline needs to know about one operation of the API.
 *
 * @param routeKey the API Gateway route key, e.g. {@code POST /orgs/{org_id}/invites}
 * @param permissions the permissions a caller needs, all of them
 * @param queryParameters the query parameters accepted besides {@code version}
 * @param idParameters the path parameters that must be UUIDs
 * @param takesBody whether a request carries a document; a body sent to an operation that takes none is refused
 */
public record Operation(String routeKey, ReleaseTable<?> releases, List<String> permissions, Set<String> queryParameters,
        List<String> idParameters, boolean takesBody) {
    public Operation {
        permissions = List.copyOf(permissions);
        queryParameters = Set.copyOf(queryParameters);
        idParameters = List.copyOf(idParameters);
    }
}
