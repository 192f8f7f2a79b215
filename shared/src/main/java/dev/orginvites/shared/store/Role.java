package dev.orginvites.shared.store;

/** A role an org can grant: its id (a lower-case UUID) and its name, as the directory holds them. */
public record Role(String id, String name) {
}
