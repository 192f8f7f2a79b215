package dev.orginvites.list;

import dev.orginvites.shared.auth.Permission;
import dev.orginvites.shared.http.ApiError;
import dev.orginvites.shared.http.ApiRequest;
import dev.orginvites.shared.http.ApiResponse;
import dev.orginvites.shared.http.CheckedRequest;
import dev.orginvites.shared.http.Operation;
import dev.orginvites.shared.http.OperationHandler;
import dev.orginvites.shared.http.RequestLog;
import dev.orginvites.shared.jsonapi.InvitationDocuments;
import dev.orginvites.shared.jsonapi.InvitationDocuments.RoleForm;
import dev.orginvites.shared.store.Cursor;
import dev.orginvites.shared.store.InvitePage;
import dev.orginvites.shared.store.InviteStore;
import dev.orginvites.shared.store.PageRequest;
import dev.orginvites.shared.version.ReleaseTable;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** {@code GET /orgs/{org_id}/invites} (listOrgInvitation): a page of an org's pending invitations. */
public final class ListInvitesHandler extends OperationHandler {
    static final String LIMIT = "limit";
    static final String STARTING_AFTER = "starting_after";
    static final String ENDING_BEFORE = "ending_before";
    /** Priming reads the priming org's first page, which is empty (200). */
    public static final Operation OPERATION = Operation.route("GET /orgs/{org_id}/invites")
            .releases(ReleaseTable.of("2022-11-14"))
            .permissions(Permission.ORG_READ, Permission.ORG_USER_READ)
            .queryParameters(LIMIT, STARTING_AFTER, ENDING_BEFORE)
            .priming(Map.of(), null, 200)
            .handledBy(ListInvitesHandler.class, ListInvitesHandler::new);
    private static final Pattern LIMIT_SYNTAX = Pattern.compile("[1-9][0-9]{1,2}");
    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 100;

    /** Lambda's constructor. */
    public ListInvitesHandler() {
        super(OPERATION);
    }

    public ListInvitesHandler(InviteStore store, Clock clock, RequestLog log) {
        super(OPERATION, store, clock, log);
    }

    /** Lists {@link #OPERATION} in META-INF/services, for the local API and the tests. */
    public static final class Declaration extends Operation.Declaration {
        public Declaration() {
            super(OPERATION);
        }
    }

    @Override
    protected ApiResponse handle(CheckedRequest call) {
        ApiRequest request = call.request();
        int limit = limit(request.queryParameter(LIMIT));
        String after = request.queryParameter(STARTING_AFTER);
        String before = request.queryParameter(ENDING_BEFORE);
        if (after != null && before != null) {
            throw ApiError.badParameter(ENDING_BEFORE,
                    "Use either 'starting_after' or 'ending_before', not both.");
        }
        PageRequest pageRequest = after != null ? PageRequest.after(limit, inviteId(STARTING_AFTER, after))
                : before != null ? PageRequest.before(limit, inviteId(ENDING_BEFORE, before))
                : PageRequest.first(limit);
        InvitePage page = store().list(call.orgId(), pageRequest, call.now());

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
        return ApiResponse.document(200, InvitationDocuments.invitations(page.invites(), RoleForm.NAME, links));
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

    private static String inviteId(String parameter, String cursor) {
        try {
            return Cursor.inviteId(cursor);
        } catch (IllegalArgumentException e) {
            throw ApiError.badParameter(parameter, "'" + parameter + "' is not a cursor this API issued.");
        }
    }
}
