package dev.orginvites.testkit;

import dev.orginvites.devkit.HttpApiEvents;
import dev.orginvites.shared.store.Store;
import dev.orginvites.shared.store.IssuedInvite;
import dev.orginvites.shared.store.Membership;
import dev.orginvites.shared.store.UserNames;
import dev.orginvites.shared.token.AcceptTokens;
import dev.orginvites.shared.token.TokenKeys;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** What tests of accepting need: an invitation's accept token as its email carries it, and an invitee's request. */
public final class Invitees {
    public static final String ACCEPT_ROUTE = "/invites/accept";

    private Invitees() {
    }

    /** The accept token of the invitation's current issue, derived with these keys. */
    public static String token(Store store, TokenKeys keys, String org, String inviteId, Instant now) {
        IssuedInvite issued = store.invitations().issued(org, inviteId, now)
                .orElseThrow(() -> new AssertionError("no pending invitation " + inviteId));
        return new AcceptTokens(keys).issue(org, inviteId, issued.tokenNonce()).encode();
    }

    /** An accept request document presenting {@code token}. */
    public static String acceptance(String token) {
        return "{\"data\":{\"type\":\"org_invitation_acceptance\",\"attributes\":{\"token\":\"" + token + "\"}}}";
    }

    /**
     * An accept request by {@code sub}, whose token carries {@code email} (left out when null) with
     * {@code email_verified} (left out when null), as a JWT authorizer passes claims on.
     */
    public static HttpApiEvents accept(String sub, String email, Boolean verified, String token) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", "https://issuer.example.com/");
        claims.put("aud", "org-invites");
        claims.put("sub", sub);
        if (email != null) {
            claims.put("email", email);
        }
        if (verified != null) {
            claims.put("email_verified", verified);
        }
        return HttpApiEvents.request("POST", ACCEPT_ROUTE).typicalHeaders().query("version", "2024-10-15")
                .jwt(claims).json(acceptance(token));
    }

    /** Makes {@code user} a member through the store: an invitation to {@code email}, accepted. */
    public static Membership member(Store store, String org, String role, String email, String user,
            Instant now) {
        return member(store, org, role, email, user, UserNames.NONE, now);
    }

    /** As {@link #member(Store, String, String, String, String, Instant)}, by a user whose token has these names. */
    public static Membership member(Store store, String org, String role, String email, String user,
            UserNames names, Instant now) {
        String invite = store.invitations().create(org, email, role, "inviter", now).id();
        IssuedInvite issued = store.invitations().issued(org, invite, now).orElseThrow();
        return store.memberships().accept(org, invite, issued.tokenNonce(), user, names, now).orElseThrow();
    }
}
