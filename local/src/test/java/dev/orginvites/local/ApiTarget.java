package dev.orginvites.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orginvites.shared.http.Ids;
import dev.orginvites.shared.http.Operation;
import dev.orginvites.testkit.DeployedOperations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * Where the HTTP suite runs and how it gets its tokens: the local API the tests start (tokens signed with its
 * secret), or, with {@code -Pdeployed}, a deployed stack ({@code -Dapi.url}, {@code -Dapi.token}, {@code -Dapi.role}).
 */
final class ApiTarget {
    final String name;
    final String url;
    /** The org the token is scoped to, and a role of it the API may grant. */
    final String org;
    final String role;
    private final String token;
    /** Signs tokens with other claims; only for the local API, whose secret the tests know. */
    private final TokenVerifier minter;

    private ApiTarget(String name, String url, String org, String role, String token, TokenVerifier minter) {
        this.name = name;
        this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.org = org;
        this.role = role;
        this.token = token;
        this.minter = minter;
    }

    /** Whether the build asked for a deployed stack ({@code -Pdeployed}). */
    static boolean deployedRequested() {
        return "deployed".equals(System.getProperty("orginvites.target"));
    }

    /**
     * The deployed stack the properties name.
     *
     * @return null, with the reason in {@code why[0]}, when they do not name one
     */
    static ApiTarget deployed(String[] why) {
        String url = property("api.url");
        String token = property("api.token");
        String role = property("api.role");
        if (url == null || token == null || role == null) {
            why[0] = "no deployed stack configured: run ./mvnw verify -Pdeployed -Dapi.url=<ApiUrl output> "
                    + "-Dapi.token=<a JWT from your provider with org_id and the permissions "
                    + String.join(", ", Operation.permissionsOf(DeployedOperations.all())) + "> "
                    + "-Dapi.role=<a role id seeded in that org> (missing: "
                    + (url == null ? "api.url " : "") + (token == null ? "api.token " : "")
                    + (role == null ? "api.role" : "") + ")";
            return null;
        }
        String org = property("api.org");
        if (org == null) {
            org = claims(token).path("org_id").asText(null);
        }
        if (!Ids.isUuid(org) || !Ids.isUuid(role)) {
            why[0] = "api.role, and the token's org_id (or api.org), must be UUIDs";
            return null;
        }
        return new ApiTarget("deployed", url, Ids.canonical(org), Ids.canonical(role), token, null);
    }

    static ApiTarget local(LocalApiProcess api) {
        TokenVerifier minter = new TokenVerifier(LocalApiProcess.SECRET, Clock.systemUTC());
        String token = minter.issue(Map.of("sub", "it-admin", "org_id", LocalApiProcess.ORG, "permissions",
                Operation.permissionsOf(DeployedOperations.all())), Duration.ofHours(2));
        return new ApiTarget("local", api.url, LocalApiProcess.ORG, LocalApiProcess.ROLE, token, minter);
    }

    /** A token for {@link #org} with every permission. */
    String token() {
        return token;
    }

    boolean canMint() {
        return minter != null;
    }

    /** A token with these claims (iss, aud, iat and exp added); local API only. */
    String mint(Map<String, Object> claims, Duration lifetime) {
        if (minter == null) {
            throw new IllegalStateException("tokens can be made only for the local API");
        }
        return minter.issue(claims, lifetime);
    }

    /** The claims of a JWT, read without verifying it. */
    static JsonNode claims(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            return new ObjectMapper().createObjectNode();
        }
        try {
            return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (IOException | IllegalArgumentException e) {
            throw new UncheckedIOException(new IOException("api.token is not a JWT", e));
        }
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() || value.startsWith("${") ? null : value.trim();
    }
}
