package dev.orginvites.shared.store;

/**
 * What a page is made of: items with ids that sort in the order pages show them (UUIDv7s, see
 * {@link TimeOrderedIds}).
 */
public interface Identified {
    String id();
}
