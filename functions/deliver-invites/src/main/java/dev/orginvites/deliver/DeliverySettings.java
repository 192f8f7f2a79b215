package dev.orginvites.deliver;

import dev.orginvites.shared.config.Environment;
import dev.orginvites.shared.token.AcceptToken;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What the mailer needs besides the table: read from the environment once per execution environment.
 *
 * <ul>
 *   <li>{@code MAIL_FROM} (required): the sender, an address SES has verified (or whose domain it has).</li>
 *   <li>{@code ACCEPT_URL} (required): the accept link, an absolute http(s) URL in which {@value #TOKEN} stands for
 *       the token, e.g. {@code https://app.example.com/accept?token={token}}.</li>
 *   <li>{@code SES_CONFIGURATION_SET} (optional): the SES configuration set every message is sent with, whose
 *       event destination reports bounces and complaints back (the template's {@code SendingConfigurationSet}).</li>
 * </ul>
 *
 * <p>The token secret ({@code TOKEN_SECRET_ID}) is read by the handler's Lambda constructor: off Lambda the token
 * keys are given.
 */
public record DeliverySettings(String mailFrom, String acceptUrl, String configurationSet) {
    /** Where the accept URL takes the token. */
    public static final String TOKEN = "{token}";
    /** A bare address: the template's {@code MailFrom} and the IAM policy's identities are built from it. */
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s<>\"]+@[^@\\s<>\"]+\\.[^@\\s<>\"]+");
    /** What SES allows a configuration set's name to be. */
    private static final Pattern CONFIGURATION_SET = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public DeliverySettings {
        if (mailFrom == null || !ADDRESS.matcher(mailFrom).matches()) {
            throw new IllegalStateException("MAIL_FROM must be an email address (name@domain): " + mailFrom);
        }
        checkAcceptUrl(acceptUrl);
        if (configurationSet != null && !CONFIGURATION_SET.matcher(configurationSet).matches()) {
            throw new IllegalStateException("SES_CONFIGURATION_SET must be 1 to 64 letters, digits, _ or -: "
                    + configurationSet);
        }
    }

    /** Sending with no configuration set. */
    public DeliverySettings(String mailFrom, String acceptUrl) {
        this(mailFrom, acceptUrl, null);
    }

    /** @throws IllegalStateException naming the variable that is missing or malformed */
    public static DeliverySettings from(Function<String, String> env) {
        String configurationSet = env.apply("SES_CONFIGURATION_SET");
        return new DeliverySettings(Environment.required(env, "MAIL_FROM"), Environment.required(env, "ACCEPT_URL"),
                configurationSet == null || configurationSet.isEmpty() ? null : configurationSet);
    }

    /** The accept link for a token: the accept URL with its {@value #TOKEN} replaced by the token, URL-encoded. */
    public String acceptLink(AcceptToken token) {
        return acceptUrl.replace(TOKEN, URLEncoder.encode(token.encode(), StandardCharsets.UTF_8));
    }

    private static void checkAcceptUrl(String url) {
        if (url == null || !url.contains(TOKEN)) {
            throw new IllegalStateException("ACCEPT_URL must contain " + TOKEN + ": " + url);
        }
        URI uri;
        try {
            uri = URI.create(url.replace(TOKEN, "token"));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("ACCEPT_URL is not a URL: " + url, e);
        }
        if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalStateException("ACCEPT_URL must be an absolute http(s) URL: " + url);
        }
    }
}
