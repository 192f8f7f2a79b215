package dev.orginvites.devkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * What moto's SES (v1 and v2 share one backend) was asked to send, read from moto's own introspection endpoint
 * ({@code GET /moto-api/data.json}, the models moto holds). For a simple message with both bodies moto keeps the
 * HTML one only; a raw message is not listed here.
 */
public final class SentEmails {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One message moto accepted.
     *
     * @param to the {@code ToAddresses}
     * @param body the HTML body when the message had one, else the text body
     */
    public record Sent(String messageId, String from, List<String> to, String subject, String body) {
    }

    private SentEmails() {
    }

    /** Every message moto at {@code endpoint} has accepted, in the order it accepted them. */
    public static List<Sent> all(URI endpoint) {
        HttpRequest request = HttpRequest.newBuilder(endpoint.resolve("/moto-api/data.json")).GET().build();
        JsonNode data;
        try {
            HttpResponse<byte[]> response = HttpClient.newHttpClient().send(request,
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("moto-api answered " + response.statusCode());
            }
            data = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("could not read moto's models", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        List<Sent> sent = new ArrayList<>();
        for (JsonNode message : data.path("ses").path("Message")) {
            List<String> to = new ArrayList<>();
            message.path("destinations").path("ToAddresses").forEach(address -> to.add(address.asText()));
            sent.add(new Sent(message.path("id").asText(), message.path("source").asText(), to,
                    message.path("subject").asText(), message.path("body").asText()));
        }
        return sent;
    }
}
