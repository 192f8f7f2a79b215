package dev.orginvites.shared.store;

/**
 * The table's ports, for what serves or tests every operation (the local API, the tests, the benchmarks). A function
 * takes only the ports its operation uses; an implementation makes each on first use, so a function's cold start
 * loads only those.
 */
public interface Store {
    Invitations invitations();

    Memberships memberships();

    IdempotencyKeys idempotencyKeys();

    Directory directory();
}
