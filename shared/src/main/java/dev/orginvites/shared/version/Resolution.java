package dev.orginvites.shared.version;

/** The outcome of resolving a requested version against an operation's releases. */
public final class Resolution {
    private final Version requested;
    private final Version served;
    private final Lifecycle lifecycle;

    Resolution(Version requested, Version served, Lifecycle lifecycle) {
        this.requested = requested;
        this.served = served;
        this.lifecycle = lifecycle;
    }

    public Version requested() {
        return requested;
    }

    public Version served() {
        return served;
    }

    public Lifecycle lifecycle() {
        return lifecycle;
    }
}
