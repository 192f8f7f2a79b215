package dev.orginvites.shared.token;

import dev.orginvites.shared.codec.Base64Url;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.UUID;

/**
 * An accept token as it travels (in the accept link and in {@code POST /invites/accept}): which invitation it is for
 * and the MAC that proves it was issued for that invitation's current issue. Base64url without padding of
 * {@code [version 1][org id 16][invite id 16][mac 32]}; it names the org and the invitation so that accepting needs
 * one read and no index, and holds nothing secret.
 */
public record AcceptToken(String orgId, String inviteId, byte[] mac) {
    static final byte VERSION = 1;
    static final int MAC_BYTES = 32;
    private static final int BYTES = 1 + 16 + 16 + MAC_BYTES;
    /** The length of every token this version writes: a cheap first check on what a caller sends. */
    public static final int LENGTH = (BYTES * 4 + 2) / 3;

    public AcceptToken {
        mac = mac.clone();
    }

    @Override
    public byte[] mac() {
        return mac.clone();
    }

    /** The token's text. */
    public String encode() {
        ByteBuffer bytes = ByteBuffer.allocate(BYTES).put(VERSION);
        UUID org = UUID.fromString(orgId);
        UUID invite = UUID.fromString(inviteId);
        bytes.putLong(org.getMostSignificantBits()).putLong(org.getLeastSignificantBits())
                .putLong(invite.getMostSignificantBits()).putLong(invite.getLeastSignificantBits())
                .put(mac);
        return Base64Url.encode(bytes.array());
    }

    /**
     * The token a text is, or empty when it is not exactly the text this version writes for one (any text at all may
     * arrive here; another spelling of the same bytes is no token).
     */
    public static Optional<AcceptToken> decode(String text) {
        if (text == null || text.length() != LENGTH) {
            return Optional.empty();
        }
        byte[] raw;
        try {
            raw = Base64Url.decode(text);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (raw.length != BYTES || raw[0] != VERSION) {
            return Optional.empty();
        }
        ByteBuffer bytes = ByteBuffer.wrap(raw, 1, BYTES - 1);
        String org = new UUID(bytes.getLong(), bytes.getLong()).toString();
        String invite = new UUID(bytes.getLong(), bytes.getLong()).toString();
        byte[] mac = new byte[MAC_BYTES];
        bytes.get(mac);
        return Optional.of(new AcceptToken(org, invite, mac));
    }
}
