package dev.orginvites.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orginvites.devkit.SamTemplate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * API Gateway's throttling of the stage's routes, as the template's {@code DefaultRouteSettings} set it (with the
 * parameters' defaults): a token bucket per route, holding at most {@code ThrottlingBurstLimit} requests and refilled
 * at {@code ThrottlingRateLimit} a second, full at start. A request that finds its route's bucket empty is refused
 * with a 429 before any function runs. Deployed, API Gateway applies its limits on a best-effort basis and the
 * account's own limits besides; locally they are applied exactly, and no account limit is.
 */
final class Throttle {
    /** No throttling: the template sets none. */
    static final Throttle OFF = new Throttle(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, () -> 0L);

    private final double burst;
    private final double ratePerSecond;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /**
     * @param burst how many requests a route's bucket holds
     * @param ratePerSecond how many it regains a second
     * @param nanoTime a monotonic clock in nanoseconds ({@code System::nanoTime}; a test's own)
     */
    Throttle(double burst, double ratePerSecond, LongSupplier nanoTime) {
        if (!(burst >= 1) || !(ratePerSecond > 0)) {
            throw new IllegalArgumentException("throttling needs a burst of at least 1 and a rate above 0, not "
                    + burst + " and " + ratePerSecond);
        }
        this.burst = burst;
        this.ratePerSecond = ratePerSecond;
        this.nanoTime = nanoTime;
    }

    /**
     * The throttling the template's HTTP API sets for every route ({@code DefaultRouteSettings}), or {@link #OFF} when
     * it sets none. A template that sets one limit without the other is refused: what API Gateway would then do is
     * not what this class does.
     */
    static Throttle of(SamTemplate template, LongSupplier nanoTime) {
        JsonNode settings = template.api().path("DefaultRouteSettings");
        JsonNode burst = template.resolve(settings.path("ThrottlingBurstLimit"));
        JsonNode rate = template.resolve(settings.path("ThrottlingRateLimit"));
        if (burst.isMissingNode() && rate.isMissingNode()) {
            return OFF;
        }
        if (burst.isMissingNode() || rate.isMissingNode()) {
            throw new IllegalStateException(template.path() + ": DefaultRouteSettings sets "
                    + (burst.isMissingNode() ? "ThrottlingRateLimit without ThrottlingBurstLimit"
                            : "ThrottlingBurstLimit without ThrottlingRateLimit")
                    + " (or a parameter without a default); the local API applies the two together only");
        }
        return new Throttle(number(burst, "ThrottlingBurstLimit"), number(rate, "ThrottlingRateLimit"), nanoTime);
    }

    /** A parameter's default is a number or a string of one (ThrottlingBurstLimit is a String with a pattern). */
    private static double number(JsonNode value, String name) {
        try {
            return value.isNumber() ? value.asDouble() : Double.parseDouble(value.asText());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("DefaultRouteSettings' " + name + " is not a number: " + value, e);
        }
    }

    double burst() {
        return burst;
    }

    double ratePerSecond() {
        return ratePerSecond;
    }

    /** Takes a request's token from its route's bucket: false when there is none, and the request is refused. */
    boolean admit(String routeKey) {
        if (this == OFF) {
            return true;
        }
        return buckets.computeIfAbsent(routeKey, key -> new Bucket(burst, nanoTime.getAsLong())).take();
    }

    private final class Bucket {
        private double tokens;
        private long refilledAt;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilledAt = now;
        }

        synchronized boolean take() {
            long now = nanoTime.getAsLong();
            if (now > refilledAt) {
                tokens = Math.min(burst, tokens + (now - refilledAt) / 1e9 * ratePerSecond);
                refilledAt = now;
            }
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }
    }
}
