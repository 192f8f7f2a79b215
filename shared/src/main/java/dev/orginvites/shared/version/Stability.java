package dev.orginvites.shared.version;

import java.util.Locale;

/** How stable a release is, lowest to highest; the ordinal order is the comparison order. */
public enum Stability {
    WIP,
    EXPERIMENTAL,
    BETA,
    GA;

    /** The suffix as printed in versions and in the lifecycle header: {@code wip}, {@code beta}, {@code ga}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Accepts the stability names a version may carry; {@code work-in-progress} is the long form of wip. */
    static Stability fromSuffix(String suffix) {
        switch (suffix) {
            case "wip":
            case "work-in-progress":
                return WIP;
            case "experimental":
                return EXPERIMENTAL;
            case "beta":
                return BETA;
            default:
                return null;
        }
    }

    public boolean atLeast(Stability other) {
        return compareTo(other) >= 0;
    }
}
