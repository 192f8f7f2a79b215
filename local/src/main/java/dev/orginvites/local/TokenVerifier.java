package dev.orginvites.local;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.orginvites.shared.jsonapi.ApiException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Locale;
import java.util.Map;

/**
 * Authenticates requests as the deployed JWT authorizer does, with a shared secret instead of the issuer's keys:
 * {@code Authorization: Bearer <JWT>} (or {@code token <JWT>}, the scheme Snyk's clients send), signed HS256 with
 * {@code LOCAL_JWT_SECRET}, not expired. Anything else is a 401 before any handler runs.
 */
final class TokenVerifier {
    /** The secret when LOCAL_JWT_SECRET is not set: for local use only, never for anything deployed. */
    static final String DEFAULT_SECRET = "org-invites-local-development-secret-do-not-deploy";

    private final byte[] secret;
    private final Clock clock;

    TokenVerifier(String secret, Clock clock) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        if (this.secret.length < 32) {
            throw new IllegalStateException("LOCAL_JWT_SECRET must be at least 32 bytes (HS256 needs 256 bits)");
        }
        this.clock = clock;
    }

    /** The verified token's claims. */
    Map<String, Object> verify(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw ApiException.unauthorized("This request needs an authentication token: Authorization: Bearer <JWT>.");
        }
        String[] parts = authorization.trim().split("\\s+", 2);
        String scheme = parts[0].toLowerCase(Locale.ROOT);
        if (parts.length != 2 || !(scheme.equals("bearer") || scheme.equals("token"))) {
            throw ApiException.unauthorized("The Authorization header must be 'Bearer <JWT>' or 'token <JWT>'.");
        }
        try {
            SignedJWT jwt = SignedJWT.parse(parts[1]);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(new MACVerifier(secret))) {
                throw ApiException.unauthorized("The token's signature is not valid.");
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date expires = claims.getExpirationTime();
            if (expires != null && !expires.toInstant().isAfter(clock.instant())) {
                throw ApiException.unauthorized("The token has expired.");
            }
            return claims.getClaims();
        } catch (ParseException | JOSEException e) {
            throw ApiException.unauthorized("The token is not a valid JWT.");
        }
    }

    /** Signs a token with these claims, valid for {@code lifetime}. */
    String issue(Map<String, Object> claims, Duration lifetime) {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder();
        claims.forEach(builder::claim);
        builder.issueTime(Date.from(clock.instant()));
        builder.expirationTime(Date.from(clock.instant().plus(lifetime)));
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), builder.build());
        try {
            jwt.sign(new MACSigner(secret));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
        return jwt.serialize();
    }
}
