package dev.orginvites.local;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What only the local API serves, under {@code /_local/}, without a token (the API listens on the loopback
 * interface only; nothing here is deployed):
 *
 * <ul>
 *   <li>{@code GET /_local/outbox[?to=<address>]}: what SES was asked to send, or sent to one address
 *   ({@link Outbox#json}).</li>
 *   <li>{@code GET /_local/events[?email=<address>]}: what the publisher put on the bus, or only the events of
 *   invitations and memberships of one address ({@link EventLog#json}).</li>
 *   <li>{@code GET /_local/token?sub=...&email=...}: a token (text) the local gateway accepts, with these claims and
 *       {@code email_verified} true (or {@code email_verified=false}); {@code name}, {@code preferred_username},
 *       {@code org_id} and {@code permissions} (separated by commas or spaces) may be added: an invitee's token, or
 *       any other.</li>
 *   <li>{@code GET /_local/accept?token=...}: where the accept links of local emails lead (the local
 *       {@code AcceptUrl}); it says how an app would accept the invitation with the token.</li>
 * </ul>
 */
final class LocalEndpoints {
    static final String PREFIX = "/_local/";
    static final Duration TOKEN_LIFETIME = Duration.ofHours(12);

    private final Outbox outbox;
    private final EventLog events;
    private final TokenVerifier tokens;
    private final String apiUrl;

    LocalEndpoints(Outbox outbox, EventLog events, TokenVerifier tokens, String apiUrl) {
        this.outbox = outbox;
        this.events = events;
        this.tokens = tokens;
        this.apiUrl = apiUrl;
    }

    static boolean serves(String rawPath) {
        return rawPath.startsWith(PREFIX);
    }

    /** Answers a request for {@code path}, the path requested less the local API's base path. */
    void handle(HttpExchange exchange, String path) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        if (!exchange.getRequestMethod().equalsIgnoreCase("GET")) {
            respond(exchange, 404, "application/json", "{\"message\":\"Not Found\"}");
            return;
        }
        switch (path) {
            case PREFIX + "outbox" -> respond(exchange, 200, "application/json", outbox.json(query.get("to")));
            case PREFIX + "events" -> respond(exchange, 200, "application/json", events.json(query.get("email")));
            case PREFIX + "token" -> token(exchange, query);
            case PREFIX + "accept" -> respond(exchange, 200, "text/plain; charset=utf-8", acceptPage(query));
            default -> respond(exchange, 404, "application/json", "{\"message\":\"Not Found\"}");
        }
    }

    private void token(HttpExchange exchange, Map<String, String> query) throws IOException {
        String sub = query.get("sub");
        if (sub == null || sub.isBlank()) {
            respond(exchange, 400, "text/plain; charset=utf-8",
                    "sub is required: /_local/token?sub=<user id>&email=<address>\n");
            return;
        }
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", sub);
        if (query.containsKey("email")) {
            claims.put("email", query.get("email"));
            claims.put("email_verified", !"false".equals(query.get("email_verified")));
        }
        for (String name : List.of("name", "preferred_username", "org_id")) {
            if (query.containsKey(name)) {
                claims.put(name, query.get(name));
            }
        }
        if (query.containsKey("permissions")) {
            List<String> permissions = new ArrayList<>();
            for (String permission : query.get("permissions").split("[,\\s]+")) {
                if (!permission.isEmpty()) {
                    permissions.add(permission);
                }
            }
            claims.put("permissions", permissions);
        }
        respond(exchange, 200, "text/plain; charset=utf-8", tokens.issue(claims, TOKEN_LIFETIME));
    }

    private String acceptPage(Map<String, String> query) {
        String token = query.getOrDefault("token", "<token>");
        return String.join("\n",
                "This is where an invitation email's accept link leads when the API runs locally (its AcceptUrl).",
                "Deployed, AcceptUrl is your app's page: it signs the invitee in and accepts the invitation for them,",
                "as this does with a token for the invitee (minted here with /_local/token):",
                "",
                "INVITEE=$(curl -s \"" + apiUrl + "/_local/token?sub=<user id>&email=<the invited address>\")",
                "curl -s -X POST \"" + apiUrl + "/invites/accept?version=" + LocalApi.VERSION + "\" \\",
                "  -H \"Authorization: Bearer $INVITEE\" -H 'Content-Type: application/vnd.api+json' \\",
                "  -d '{\"data\":{\"type\":\"org_invitation_acceptance\",\"attributes\":{\"token\":\"" + token
                        + "\"}}}'",
                "");
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            query.putIfAbsent(name, value);
        }
        return query;
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("content-type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
