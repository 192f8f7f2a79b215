package dev.orginvites.list;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.orginvites.shared.auth.Permission;
import dev.orginvites.shared.config.Settings;
import dev.orginvites.shared.http.ApiRequest;
import dev.orginvites.shared.http.ApiResponse;
import dev.orginvites.shared.http.Call;
import dev.orginvites.shared.http.Endpoint;
import dev.orginvites.shared.http.Operation;
import dev.orginvites.shared.http.Priming;
import dev.orginvites.shared.http.RequestLog;
import dev.orginvites.shared.jsonapi.ApiException;
import dev.orginvites.shared.jsonapi.Documents;
import dev.orginvites.shared.jsonapi.Documents.RoleForm;
import dev.orginvites.shared.store.Cursor;
import dev.orginvites.shared.store.dynamodb.DynamoInviteStore;
import dev.orginvites.shared.store.InvitePage;
import dev.orginvites.shared.store.InviteStore;
import dev.orginvites.shared.store.PageRequest;
import dev.orginvites.shared.version.ReleaseTable;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** {@code GET /orgs/{org_id}/invites} (listOrgInvitation): a page of an org's pending invitations. */
public final class ListInvitesHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    static final String LIMIT = "limit";
    static final String STARTING_AFTER = "starting_after";
    static final String ENDING_BEFORE = "ending_before";
    static final Operation OPERATION = new Operation("GET /orgs/{org_id}/invites",
            ReleaseTable.of("2022-11-14"), List.of(Permission.ORG_READ, Permission.ORG_USER_READ),
            Set.of(LIMIT, STARTING_AFTER, ENDING_BEFORE), List.of(Endpoint.ORG_ID), false);
    private static final Pattern LIMIT_SYNTAX = Pattern.compile("[1-9][0-9]{1,2}");
    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 100;

    private final InviteStore store;
    private final Endpoint endpoint;
    /** Kept here because CRaC holds its resources weakly. */
    private Priming priming;

    /** The Lambda runtime's constructor: configuration from the environment, and SnapStart priming. */
    public ListInvitesHandler() {
        this(DynamoInviteStore.fromSettings(Settings.fromEnvironment()), Clock.systemUTC(), RequestLog.stdout());
        priming = Priming.register(new ListInvitesHandler(store, Clock.systemUTC(), RequestLog.discard()), primingRequests());
    }

    /** What SnapStart priming sends: the priming org's first page, which is empty (200). */
    public static List<APIGatewayV2HTTPEvent> primingRequests() {
        return List.of(Priming.request("GET", "/orgs/{org_id}/invites", Map.of(Endpoint.ORG_ID, Priming.ORG), null));
    }

    public ListInvitesHandler(InviteStore store, Clock clock, RequestLog log) {
        this.store = store;
        this.endpoint = new Endpoint(OPERATION, clock, log);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return endpoint.handle(event, context, this::list);
    }

    private ApiResponse list(Call call) {
        ApiRequest request = call.request();
        int limit = limit(request.queryParameter(LIMIT));
        String after = request.queryParameter(STARTING_AFTER);
        String before = request.queryParameter(ENDING_BEFORE);
        if (after != null && before != null) {
            throw ApiException.badParameter(ENDING_BEFORE,
                    "Use either 'starting_after' or 'ending_before', not both.");
        }
        PageRequest pageRequest = after != null ? PageRequest.after(limit, inviteId(STARTING_AFTER, after))
                : before != null ? PageRequest.before(limit, inviteId(ENDING_BEFORE, before))
                : PageRequest.first(limit);
        InvitePage page = store.list(call.orgId(), pageRequest, call.now());

        String first = "/orgs/" + call.orgId() + "/invites?version=" + call.requestedVersion() + "&limit=" + limit;
        Map<String, String> links = new LinkedHashMap<>();
        links.put("self", after != null ? first + "&" + STARTING_AFTER + "=" + after
                : before != null ? first + "&" + ENDING_BEFORE + "=" + before : first);
        links.put("first", first);
        if (page.previousCursor() != null) {
            links.put("prev", first + "&" + ENDING_BEFORE + "=" + page.previousCursor());
        }
        if (page.nextCursor() != null) {
            links.put("next", first + "&" + STARTING_AFTER + "=" + page.nextCursor());
        }
        return ApiResponse.document(200, Documents.invitations(page.invites(), RoleForm.NAME, links));
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
        throw ApiException.badParameter(LIMIT, "'limit' must be a multiple of 10 from 10 to " + MAX_LIMIT + ".");
    }

    private static String inviteId(String parameter, String cursor) {
        try {
            return Cursor.inviteId(cursor);
        } catch (IllegalArgumentException e) {
            throw ApiException.badParameter(parameter, "'" + parameter + "' is not a cursor this API issued.");
        }
    }
}
