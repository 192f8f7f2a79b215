package dev.orginvites.shared.token;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Derives and checks accept tokens. A token is an HMAC-SHA256, under a secret key ({@link TokenKeys}), of the
 * invitation's org, id and token nonce (128 random bits the store writes with each issue of an invitation). Nothing
 * that could accept an invitation is stored: the table holds the nonce, which without the key is worth nothing, and
 * a new issue (a resend) has a new id and nonce, so every earlier token stops working. Accepting removes the
 * invitation, so a token works once; it expires with the invitation.
 */
public final class AcceptTokens {
    private static final String ALGORITHM = "HmacSHA256";
    private static final String CONTEXT = "org-invites accept v1\n";

    private final TokenKeys keys;

    public AcceptTokens(TokenKeys keys) {
        this.keys = keys;
    }

    /** The token for an invitation's current issue. */
    public AcceptToken issue(String orgId, String inviteId, String tokenNonce) {
        return new AcceptToken(orgId, inviteId, mac(keys.signing(), orgId, inviteId, tokenNonce));
    }

    /** Whether {@code token} was issued for the invitation's issue with this nonce, under any key in use. */
    public boolean verify(AcceptToken token, String tokenNonce) {
        if (tokenNonce == null) {
            return false;
        }
        byte[] presented = token.mac();
        for (byte[] key : keys.verifying()) {
            if (MessageDigest.isEqual(presented, mac(key, token.orgId(), token.inviteId(), tokenNonce))) {
                return true;
            }
        }
        return false;
    }

    private static byte[] mac(byte[] key, String orgId, String inviteId, String tokenNonce) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac.doFinal((CONTEXT + orgId + '\n' + inviteId + '\n' + tokenNonce)
                    .getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
