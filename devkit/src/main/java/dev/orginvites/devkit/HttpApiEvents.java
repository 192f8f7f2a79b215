package dev.orginvites.devkit;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds HTTP API (payload format 2.0) events the way API Gateway does for a route behind a JWT authorizer:
 * lower-case header names, repeated query parameters joined with commas, {@code null} maps where there is nothing,
 * and every claim a string, arrays flattened to {@code [a b c]}. The tests and the local API both build their
 * events here.
 */
public final class HttpApiEvents {
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([A-Za-z0-9_]+)}");
    /** The stage served from the root of the API's URL. */
    public static final String DEFAULT_STAGE = "$default";
    /** How API Gateway writes {@code requestContext.time}, e.g. {@code 30/Nov/2026:05:00:00 +0000}. */
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final String method;
    private final String routePath;
    private final Map<String, String> pathParameters = new LinkedHashMap<>();
    private final Map<String, List<String>> query = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private String rawPath;
    private Map<String, String> claims;
    private Map<String, Object> lambdaContext;
    private String body;
    private boolean base64;
    private String sourceIp = "203.0.113.10";
    private String stage = DEFAULT_STAGE;

    private HttpApiEvents(String method, String routePath) {
        this.method = method;
        this.routePath = routePath;
    }

    /** A request on a route, e.g. {@code request("GET", "/orgs/{org_id}/invites")}. */
    public static HttpApiEvents request(String method, String routePath) {
        return new HttpApiEvents(method, routePath);
    }

    /** The headers a typical client sends, for tests. */
    public HttpApiEvents typicalHeaders() {
        header("accept", "application/vnd.api+json");
        header("host", "abc123.execute-api.us-east-1.amazonaws.com");
        header("user-agent", "curl/8.5.0");
        header("x-forwarded-proto", "https");
        return this;
    }

    public HttpApiEvents path(String name, String value) {
        pathParameters.put(name, value);
        return this;
    }

    /** The path as requested; by default the route's path with the path parameters put in. */
    public HttpApiEvents rawPath(String path) {
        rawPath = path;
        return this;
    }

    /**
     * The stage the request came in on ({@code $default} unless said). A named stage is the first segment of the path
     * requested, so API Gateway puts it in {@code rawPath} and {@code requestContext.http.path} as well (the route key
     * and the path parameters are the same on every stage): the default raw path starts with {@code /<stage>}.
     */
    public HttpApiEvents stage(String name) {
        stage = name;
        return this;
    }

    public HttpApiEvents query(String name, String value) {
        query.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        return this;
    }

    /**
     * The query parameters of a raw query string ({@code a=1&b=x%20y}), percent-decoded as API Gateway decodes them;
     * a malformed escape is kept as it is. Null or empty adds none.
     */
    public HttpApiEvents rawQuery(String rawQuery) {
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                if (!pair.isEmpty()) {
                    String[] nameValue = pair.split("=", 2);
                    query(decode(nameValue[0]), nameValue.length > 1 ? decode(nameValue[1]) : "");
                }
            }
        }
        return this;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return text;
        }
    }

    /** Sets a header, replacing any value it had. */
    public HttpApiEvents header(String name, String value) {
        headers.put(name.toLowerCase(Locale.ROOT), value);
        return this;
    }

    /** Adds a value to a header; a repeated header's values are joined with commas, as API Gateway joins them. */
    public HttpApiEvents addHeader(String name, String value) {
        headers.merge(name.toLowerCase(Locale.ROOT), value, (a, b) -> a + "," + b);
        return this;
    }

    public HttpApiEvents withoutHeader(String name) {
        headers.remove(name.toLowerCase(Locale.ROOT));
        return this;
    }

    public HttpApiEvents sourceIp(String ip) {
        sourceIp = ip;
        return this;
    }

    /** A token's claims as a JWT authorizer passes them on: see {@link #flatten}. */
    public HttpApiEvents jwt(Map<String, ?> tokenClaims) {
        claims = tokenClaims == null ? null : flatten(tokenClaims);
        return this;
    }

    /** A token for {@code sub}, scoped to {@code orgId} (left out when null), with these permissions. */
    public HttpApiEvents jwt(String sub, String orgId, String... permissions) {
        Map<String, Object> token = new LinkedHashMap<>();
        token.put("iss", "https://issuer.example.com/");
        token.put("aud", "org-invites");
        if (sub != null) {
            token.put("sub", sub);
        }
        if (orgId != null) {
            token.put("org_id", orgId);
        }
        token.put("permissions", List.of(permissions));
        token.put("exp", Instant.now().plusSeconds(3600).getEpochSecond());
        return jwt(token);
    }

    /** A Lambda authorizer's context, passed on as it is. */
    public HttpApiEvents lambdaAuthorizer(Map<String, Object> context) {
        lambdaContext = context;
        return this;
    }

    /** A JSON:API request document. */
    public HttpApiEvents json(String document) {
        header("content-type", "application/vnd.api+json");
        body = document;
        return this;
    }

    /** A body as API Gateway passes it: text, or base64 when API Gateway encoded it. */
    public HttpApiEvents body(String text, boolean base64Encoded) {
        body = text;
        base64 = base64Encoded;
        return this;
    }

    public APIGatewayV2HTTPEvent build() {
        String path = rawPath != null ? rawPath
                : (stage.equals(DEFAULT_STAGE) ? "" : "/" + stage) + fillIn(routePath);
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
        if (claims != null || lambdaContext != null) {
            authorizer = APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                    .withJwt(claims == null ? null : APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder()
                            .withClaims(claims).build())
                    .withLambda(lambdaContext)
                    .build();
        }
        Map<String, String> headerMap = new LinkedHashMap<>(headers);
        String userAgent = headerMap.getOrDefault("user-agent", "");
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(routeKey)
                .withRawPath(path)
                .withRawQueryString(rawQuery.toString())
                .withHeaders(headerMap)
                .withQueryStringParameters(queryParameters.isEmpty() ? null : queryParameters)
                .withPathParameters(pathParameters.isEmpty() ? null : new LinkedHashMap<>(pathParameters))
                .withBody(body)
                .withIsBase64Encoded(base64)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withAccountId("123456789012")
                        .withApiId("abc123")
                        .withDomainName(headerMap.getOrDefault("host", "abc123.execute-api.us-east-1.amazonaws.com"))
                        .withDomainPrefix("abc123")
                        .withStage(stage)
                        .withRouteKey(routeKey)
                        .withRequestId(UUID.randomUUID().toString())
                        .withTime(TIME.format(now))
                        .withTimeEpoch(now.toEpochMilli())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(method)
                                .withPath(path)
                                .withProtocol("HTTP/1.1")
                                .withSourceIp(sourceIp)
                                .withUserAgent(userAgent)
                                .build())
                        .withAuthorizer(authorizer)
                        .build())
                .build();
    }

    /** What the request is, for test reports (long values cut short). */
    @Override
    public String toString() {
        return method + " " + routePath + " path=" + cut(pathParameters) + " query=" + cut(query) + " headers="
                + cut(headers) + " claims=" + cut(claims) + " lambda=" + cut(lambdaContext) + " body"
                + (base64 ? "(base64)=" : "=") + cut(body);
    }

    private static String cut(Object value) {
        String text = String.valueOf(value);
        return text.length() <= 300 ? text : text.substring(0, 300) + "...(" + text.length() + " chars)";
    }

    /**
     * A token's claims as an HTTP API JWT authorizer hands them to the function: every value a string, arrays
     * flattened to {@code [a b c]}, numbers and booleans as written.
     */
    public static Map<String, String> flatten(Map<String, ?> tokenClaims) {
        Map<String, String> flat = new LinkedHashMap<>();
        tokenClaims.forEach((name, value) -> {
            if (value instanceof Collection) {
                List<String> items = new ArrayList<>();
                for (Object item : (Collection<?>) value) {
                    items.add(String.valueOf(item));
                }
                flat.put(name, "[" + String.join(" ", items) + "]");
            } else if (value instanceof java.util.Date) {
                flat.put(name, Long.toString(((java.util.Date) value).getTime() / 1000));
            } else if (value != null) {
                flat.put(name, String.valueOf(value));
            }
        });
        return flat;
    }

    private String fillIn(String pattern) {
        Matcher m = PATH_PARAMETER.matcher(pattern);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(encodePath(pathParameters.getOrDefault(m.group(1), ""))));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Percent-encodes a path segment as a client does (RFC 3986: all but unreserved characters). */
    private static String encodePath(String segment) {
        StringBuilder out = new StringBuilder();
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
