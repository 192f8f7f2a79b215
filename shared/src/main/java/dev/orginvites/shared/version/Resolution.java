package dev.orginvites.shared.version;

/** The outcome of resolving a requested version against an operation's releases. */
public record Resolution(Version requested, Version served, Lifecycle lifecycle) {
}
