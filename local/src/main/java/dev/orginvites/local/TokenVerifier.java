package dev.orginvites.local;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Authenticates requests as API Gateway's HTTP API JWT authorizer does (AWS's "Control access to HTTP APIs with JWT
 * authorizers" and "Troubleshooting issues with HTTP API JWT authorizers"), with a shared secret standing in for the
 * issuer's key set:
 *
 * <ol>
 *   <li>the identity source, {@code Authorization}, holds the token alone or prefixed with {@code Bearer };</li>
 *   <li>the token decodes and its signature verifies (here HS256 with {@code LOCAL_JWT_SECRET}; deployed, RSA with a
 *       key from the issuer's {@code jwks_uri}, matched by {@code kid});</li>
 *   <li>{@code iss} is the configured issuer; {@code aud} holds the configured audience, or, only when there is no
 *       {@code aud}, {@code client_id} is it; {@code exp} is after now; {@code nbf} and {@code iat} are not after
 *       now. No route here requires scopes, so {@code scope} is not checked, as deployed.</li>
 * </ol>
 *
 * The local API's issuer and audience stand for the template's {@code JwtIssuer} and {@code JwtAudience}. This
 * verifier also requires {@code exp}, which AWS's documentation does not say it requires: a token without one is
 * refused here rather than accepted locally and refused once deployed.
 */
final class TokenVerifier {
    /** The secret when LOCAL_JWT_SECRET is not set: for local use only, never for anything deployed. */
    static final String DEFAULT_SECRET = "org-invites-local-development-secret-do-not-deploy";
    /** The local stand-ins for the template's JwtIssuer and JwtAudience parameters. */
    static final String ISSUER = "https://org-invites.local/";
    static final String AUDIENCE = "org-invites-local";

    /** A refused request: no token ({@code description} null) or an invalid one, and why, as the challenge says. */
    static final class Refused extends Exception {
        private final String description;

        Refused(String description) {
            super(description == null ? "no token" : description, null, false, false);
            this.description = description;
        }

        /** The {@code www-authenticate} challenge API Gateway sends with an invalid token; null without a token. */
        String challenge() {
            return description == null ? null
                    : "Bearer scope=\"\" error=\"invalid_token\" error_description=\"" + description + "\"";
        }
    }

    private final byte[] secret;
    private final Clock clock;

    TokenVerifier(String secret, Clock clock) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        if (this.secret.length < 32) {
            throw new IllegalStateException("LOCAL_JWT_SECRET must be at least 32 bytes (HS256 needs 256 bits)");
        }
        this.clock = clock;
    }

    /**
     * The verified token's claims.
     *
     * @throws Refused when the header is missing or the token is not one the deployed authorizer would accept
     */
    Map<String, Object> verify(String authorization) throws Refused {
        if (authorization == null || authorization.isBlank()) {
            throw new Refused(null);
        }
        String token = authorization.trim();
        if (token.length() > 7 && token.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            token = token.substring(7).trim();
        }
        JWTClaimsSet claims;
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
                throw new Refused("signing method " + jwt.getHeader().getAlgorithm() + " is invalid");
            }
            if (!jwt.verify(new MACVerifier(secret))) {
                throw new Refused("the token's signature is invalid");
            }
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException | JOSEException | IllegalStateException e) {
            throw new Refused("the token is not a valid JWT");
        }
        Instant now = clock.instant();
        if (!ISSUER.equals(claims.getIssuer())) {
            throw new Refused("the token does not have a valid issuer");
        }
        List<String> audience = claims.getAudience();
        boolean audienceValid = audience.isEmpty() ? AUDIENCE.equals(claims.getClaim("client_id"))
                : audience.contains(AUDIENCE);
        if (!audienceValid) {
            throw new Refused("the token does not have a valid audience");
        }
        Date expires = claims.getExpirationTime();
        if (expires == null) {
            throw new Refused("the token has no expiry (exp)");
        }
        if (!expires.toInstant().isAfter(now)) {
            throw new Refused("the token has expired");
        }
        Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && notBefore.toInstant().isAfter(now)) {
            throw new Refused("the token is not valid yet");
        }
        Date issued = claims.getIssueTime();
        if (issued != null && issued.toInstant().isAfter(now)) {
            throw new Refused("the token was issued in the future");
        }
        return claims.getClaims();
    }

    /**
     * Signs a token with this API's issuer and audience, issued now and valid for {@code lifetime}, and these claims
     * (which may replace any of those).
     */
    String issue(Map<String, Object> claims, Duration lifetime) {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE)
                .issueTime(Date.from(clock.instant())).expirationTime(Date.from(clock.instant().plus(lifetime)));
        claims.forEach(builder::claim);
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), builder.build());
        try {
            jwt.sign(new MACSigner(secret));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
        return jwt.serialize();
    }
}
