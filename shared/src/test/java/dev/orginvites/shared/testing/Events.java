package dev.orginvites.shared.testing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds HTTP API (payload v2) events the way API Gateway does for a route behind a JWT authorizer: lower-case
 * header names, query parameters joined with commas when repeated, {@code null} maps when there are none, and
 * array claims flattened to {@code [a b c]}.
 */
public final class Events {
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([a-z_]+)}");

    private final String method;
    private final String routePath;
    private final Map<String, String> pathParameters = new LinkedHashMap<>();
    private final Map<String, List<String>> query = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Map<String, String> claims;
    private Map<String, Object> lambdaClaims;
    private String body;
    private boolean base64;

    private Events(String method, String routePath) {
        this.method = method;
        this.routePath = routePath;
        headers.put("accept", "application/vnd.api+json");
        headers.put("host", "abc123.execute-api.us-east-1.amazonaws.com");
        headers.put("user-agent", "curl/8.5.0");
        headers.put("x-forwarded-proto", "https");
    }

    public static Events request(String method, String routePath) {
        return new Events(method, routePath);
    }

    public Events path(String name, String value) {
        pathParameters.put(name, value);
        return this;
    }

    public Events query(String name, String value) {
        query.computeIfAbsent(name, k -> new java.util.ArrayList<>()).add(value);
        return this;
    }

    public Events header(String name, String value) {
        headers.put(name.toLowerCase(java.util.Locale.ROOT), value);
        return this;
    }

    public Events withoutHeader(String name) {
        headers.remove(name);
        return this;
    }

    /** JWT authorizer claims; permissions flattened as API Gateway flattens arrays. */
    public Events jwt(String sub, String orgId, String... permissions) {
        claims = new LinkedHashMap<>();
        if (sub != null) {
            claims.put("sub", sub);
        }
        if (orgId != null) {
            claims.put("org_id", orgId);
        }
        claims.put("permissions", "[" + String.join(" ", permissions) + "]");
        claims.put("iss", "https://issuer.example.com/");
        claims.put("aud", "org-invites");
        claims.put("exp", Long.toString(Instant.now().plusSeconds(3600).getEpochSecond()));
        return this;
    }

    /** JWT authorizer claims exactly as given. */
    public Events jwtClaims(Map<String, String> given) {
        claims = given == null ? null : new LinkedHashMap<>(given);
        return this;
    }

    /** Lambda authorizer context. */
    public Events lambdaAuthorizer(Map<String, Object> context) {
        lambdaClaims = context;
        return this;
    }

    public Events json(String document) {
        header("content-type", "application/vnd.api+json");
        body = document;
        return this;
    }

    public Events body(String raw, boolean base64Encoded) {
        body = raw;
        base64 = base64Encoded;
        return this;
    }

    public APIGatewayV2HTTPEvent build() {
        String rawPath = rawPath();
        String routeKey = method + " " + routePath;
        StringBuilder rawQuery = new StringBuilder();
        Map<String, String> queryParameters = new LinkedHashMap<>();
        query.forEach((name, values) -> {
            for (String value : values) {
                if (rawQuery.length() > 0) {
                    rawQuery.append('&');
                }
                rawQuery.append(encode(name)).append('=').append(encode(value));
            }
            queryParameters.put(name, String.join(",", values));
        });
        Instant now = Instant.now();
        APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer = null;
        if (claims != null || lambdaClaims != null) {
            authorizer = APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                    .withJwt(claims == null ? null : APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder()
                            .withClaims(claims).build())
                    .withLambda(lambdaClaims)
                    .build();
        }
        Map<String, String> headerMap = new LinkedHashMap<>(headers);
        if (body != null) {
            headerMap.put("content-length", Integer.toString(body.getBytes(StandardCharsets.UTF_8).length));
        }
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(routeKey)
                .withRawPath(rawPath)
                .withRawQueryString(rawQuery.toString())
                .withHeaders(headerMap)
                .withQueryStringParameters(queryParameters.isEmpty() ? null : queryParameters)
                .withPathParameters(pathParameters.isEmpty() ? null : new LinkedHashMap<>(pathParameters))
                .withBody(body)
                .withIsBase64Encoded(base64)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withAccountId("123456789012")
                        .withApiId("abc123")
                        .withDomainName("abc123.execute-api.us-east-1.amazonaws.com")
                        .withDomainPrefix("abc123")
                        .withStage("$default")
                        .withRouteKey(routeKey)
                        .withRequestId(UUID.randomUUID().toString())
                        .withTime(now.toString())
                        .withTimeEpoch(now.toEpochMilli())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(method)
                                .withPath(rawPath)
                                .withProtocol("HTTP/1.1")
                                .withSourceIp("203.0.113.10")
                                .withUserAgent("curl/8.5.0")
                                .build())
                        .withAuthorizer(authorizer)
                        .build())
                .build();
    }

    private String rawPath() {
        Matcher m = PATH_PARAMETER.matcher(routePath);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = pathParameters.getOrDefault(m.group(1), "");
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
