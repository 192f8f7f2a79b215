package dev.orginvites.shared.version;

/** A requested version that cannot be served: malformed or refused ({@link #notFound} false), or matching no release. */
public final class VersionException extends RuntimeException {
    private final boolean notFound;

    VersionException(String message, boolean notFound) {
        super(message, null, false, false);
        this.notFound = notFound;
    }

    static VersionException invalid(String message) {
        return new VersionException(message, false);
    }

    static VersionException notFound(String message) {
        return new VersionException(message, true);
    }

    public boolean notFound() {
        return notFound;
    }
}
