package dev.orginvites.create;

import dev.orginvites.shared.http.ApiResponse;
import dev.orginvites.shared.http.CheckedRequest;
import dev.orginvites.shared.jsonapi.ApiError;
import dev.orginvites.shared.store.IdempotencyKey;
import dev.orginvites.shared.store.IdempotencyRecord;
import dev.orginvites.shared.store.IdempotencyReservationLostException;
import dev.orginvites.shared.store.IdempotencyKeys;

/**
 * A create that carries {@code Idempotency-Key} (IETF HTTPAPI draft "The Idempotency-Key HTTP Header Field"): the
 * key is reserved before anything is written, so a second request with it while the first is in flight is seen
 * (409); the create then records its answer in the same transaction as the invite, and a retry with the same key and
 * request gets that answer again (201, {@code idempotent-replayed: true}); with another request, 422. A create that is
 * refused (400, 409, 429) gives the key up, so it can be retried once fixed. Only requests with the header load this
 * class.
 */
final class IdempotentCreate {
    static final String HEADER = "idempotency-key";
    static final String REPLAYED = "idempotent-replayed";
    static final int MAX_LENGTH = 255;
    private static final String PARAMETER = "Idempotency-Key";

    /** The create itself, holding the key. */
    interface Create {
        ApiResponse create(IdempotencyKey key);
    }

    private IdempotentCreate() {
    }

    /**
     * @param header the header's value as sent
     * @param request the served release's reading of the body, already validated
     */
    static ApiResponse answer(IdempotencyKeys keys, CheckedRequest call, InvitationRequest request, String header,
            Create create) {
        IdempotencyKey key = IdempotencyKey.of(call.claims().subject(), key(header),
                identity(call.version().served().toString(), request.email(), request.roleId()));
        IdempotencyRecord held = keys.reserve(call.orgId(), key, call.now());
        if (held != null) {
            if (!held.fingerprint().equals(key.fingerprint())) {
                throw ApiError.unprocessable("idempotency-key-reused", "This Idempotency-Key was used for another"
                        + " request in the last 24 hours: send a new key for a new request.");
            }
            if (held.isInFlight()) {
                throw inFlight();
            }
            return ApiResponse.document(held.status(), held.body())
                    .header("location", held.location())
                    .header(REPLAYED, "true");
        }
        try {
            return create.create(key);
        } catch (IdempotencyReservationLostException e) {
            throw inFlight();
        } catch (ApiError refused) {
            keys.release(call.orgId(), key);
            throw refused;
        }
    }

    /** A request's identity: its served release and its body as read (member order and spacing aside). */
    static String identity(String servedRelease, String email, String roleId) {
        return servedRelease + "\n" + email + "\n" + roleId;
    }

    private static ApiError inFlight() {
        return ApiError.conflict("idempotency-key-in-flight", null, "A request with this Idempotency-Key is still"
                + " being processed: retry after it completes.");
    }

    /**
     * The key a header value carries. The draft defines the field as a Structured Field String, quoted
     * ({@code "abc"}, with {@code \"} and {@code \\} escapes); clients that send a bare value, as most payment APIs
     * take it, are understood too, and {@code abc} and {@code "abc"} are one key. Either way the key is 1 to 255
     * printable ASCII characters (space included).
     */
    static String key(String header) {
        String key = header.length() >= 2 && header.charAt(0) == '"' ? unquoted(header) : header;
        if (key.isEmpty() || key.length() > MAX_LENGTH) {
            throw invalid("The Idempotency-Key header must hold 1 to " + MAX_LENGTH + " characters.");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw invalid("The Idempotency-Key header must hold printable ASCII characters only.");
            }
        }
        return key;
    }

    private static String unquoted(String header) {
        if (header.charAt(header.length() - 1) != '"') {
            throw invalid("The Idempotency-Key header is not a valid quoted string.");
        }
        StringBuilder key = new StringBuilder(header.length());
        for (int i = 1; i < header.length() - 1; i++) {
            char c = header.charAt(i);
            if (c == '\\') {
                if (i + 1 == header.length() - 1 || (header.charAt(i + 1) != '"' && header.charAt(i + 1) != '\\')) {
                    throw invalid("The Idempotency-Key header is not a valid quoted string.");
                }
                c = header.charAt(++i);
            } else if (c == '"') {
                throw invalid("The Idempotency-Key header is not a valid quoted string.");
            }
            key.append(c);
        }
        return key.toString();
    }

    private static ApiError invalid(String detail) {
        return ApiError.badHeader("invalid-idempotency-key", PARAMETER, detail);
    }
}
