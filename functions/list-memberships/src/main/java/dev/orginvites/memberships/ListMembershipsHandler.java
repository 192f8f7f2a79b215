package dev.orginvites.memberships;

import dev.orginvites.shared.auth.Permission;
import dev.orginvites.shared.http.ApiResponse;
import dev.orginvites.shared.http.CheckedRequest;
import dev.orginvites.shared.http.Operation;
import dev.orginvites.shared.http.OperationHandler;
import dev.orginvites.shared.http.Paging;
import dev.orginvites.shared.http.RequestLog;
import dev.orginvites.shared.jsonapi.ApiError;
import dev.orginvites.shared.jsonapi.MembershipDocuments;
import dev.orginvites.shared.store.Directory;
import dev.orginvites.shared.store.EmailAddresses;
import dev.orginvites.shared.store.Membership;
import dev.orginvites.shared.store.MembershipPage;
import dev.orginvites.shared.store.Memberships;
import dev.orginvites.shared.store.dynamodb.DynamoTable;
import dev.orginvites.shared.version.ReleaseTable;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /orgs/{org_id}/memberships} (listOrgMemberships): a page of the org's memberships, in joining order. It
 * follows Snyk's published operation (release 2024-08-25, its permission {@code org.membership.read}) as far as this
 * API's data goes. Its filters {@code user_id} (by the user's record: two reads) and {@code email} (by the org's
 * address index: a Query and a read of the page's memberships) cost the page, whatever the org's size; given both, a
 * membership must match both. Snyk's sorting ({@code sort_by}, {@code sort_order}) and its other filters
 * ({@code username}, {@code role_name}) are not served, and like any parameter an operation does not take they are a
 * 400 naming the parameter. Every item shows the org's name from the directory, read once a page (one GetItem), not
 * once an item.
 */
public final class ListMembershipsHandler extends OperationHandler {
    static final String USER_ID = "user_id";
    static final String EMAIL = "email";
    /** Priming reads the priming org's first page, which is empty (200). */
    public static final Operation OPERATION = Operation.route("GET /orgs/{org_id}/memberships")
            .releases(ReleaseTable.of("2024-05-09~experimental", "2024-08-25"))
            .permissions(Permission.ORG_MEMBERSHIP_READ)
            .queryParameters(Paging.LIMIT, Paging.STARTING_AFTER, Paging.ENDING_BEFORE, EMAIL, USER_ID)
            .priming(Map.of(), null, 200)
            .handledBy(ListMembershipsHandler.class, services -> new ListMembershipsHandler(
                    services.store().memberships(), services.store().directory(), services.clock(),
                    services.log()));

    private final Memberships memberships;
    private final Directory directory;

    /** Lambda's constructor: the function's composition root. */
    public ListMembershipsHandler() {
        super(OPERATION);
        DynamoTable table = DynamoTable.fromEnvironment();
        this.memberships = table.memberships();
        this.directory = table.directory();
    }

    /** @param directory where the org's name is read, once a page */
    public ListMembershipsHandler(Memberships memberships, Directory directory, Clock clock, RequestLog log) {
        super(OPERATION, clock, log);
        this.memberships = memberships;
        this.directory = directory;
    }

    @Override
    protected ApiResponse handle(CheckedRequest call) {
        Paging paging = Paging.of(call.request());
        String path = call.link("/orgs/" + call.orgId() + "/memberships");
        String email = call.request().queryParameter(EMAIL);
        String mailbox = email == null ? null : mailbox(email);
        String userId = call.request().queryParameter(USER_ID);
        Map<String, String> filters = new LinkedHashMap<>();
        if (email != null) {
            filters.put(EMAIL, email);
        }
        if (userId != null) {
            filters.put(USER_ID, userId);
            return ofUser(call, paging, path, filters, userId, mailbox);
        }
        MembershipPage page = email != null ? memberships.listByEmail(call.orgId(), email, paging.page())
                : memberships.list(call.orgId(), paging.page());
        return ApiResponse.document(200, MembershipDocuments.memberships(page.memberships(), orgName(call),
                paging.links(path, call.requestedVersion(), filters, page.previousCursor(), page.nextCursor())));
    }

    /**
     * The mailbox the {@code email} filter names ({@link EmailAddresses}), which is how it compares; a 400 naming the
     * parameter when it names none, or is longer than any invitation's address (so any member's) can be.
     */
    private static String mailbox(String email) {
        String mailbox = EmailAddresses.trim(email).length() > EmailAddresses.MAX_LENGTH ? null
                : EmailAddresses.mailbox(email);
        if (mailbox == null || mailbox.length() > EmailAddresses.MAX_LENGTH) {
            throw ApiError.badParameter(EMAIL, "'email' must be an email address of at most "
                    + EmailAddresses.MAX_LENGTH + " characters.");
        }
        return mailbox;
    }

    /**
     * The page of the one user's membership, if any (a user has at most one) and, with {@code email}, if its address
     * names that mailbox: it is on the page unless the cursor places the page past it, and nothing lies before or
     * after it, so the page links to no other.
     */
    private ApiResponse ofUser(CheckedRequest call, Paging paging, String path, Map<String, String> filters,
            String userId, String mailbox) {
        if (userId.isEmpty() || userId.getBytes(StandardCharsets.UTF_8).length > Memberships.MAX_USER_ID_BYTES) {
            throw ApiError.badParameter(USER_ID, "'user_id' must be a user id of 1 to "
                    + Memberships.MAX_USER_ID_BYTES + " bytes.");
        }
        List<Membership> found = new ArrayList<>(1);
        Membership membership = memberships.ofUser(call.orgId(), userId).orElse(null);
        if (membership != null && paging.page().admits(membership.id())
                && (mailbox == null || membership.email() != null
                        && mailbox.equals(EmailAddresses.mailbox(membership.email())))) {
            found.add(membership);
        }
        return ApiResponse.document(200, MembershipDocuments.memberships(found, orgName(call),
                paging.links(path, call.requestedVersion(), filters, null, null)));
    }

    /** The org's name in the directory, which every item of a page shows, or null: one read a page. */
    private String orgName(CheckedRequest call) {
        return directory.orgName(call.orgId()).orElse(null);
    }
}
