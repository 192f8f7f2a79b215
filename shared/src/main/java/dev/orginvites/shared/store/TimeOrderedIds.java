package dev.orginvites.shared.store;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import java.time.Instant;
import java.util.UUID;

/**
 * The ids of invitations and memberships: UUIDv7 of the creating request's {@code now}, written in lower case, so
 * that id order is creation order and an id says when its item was made. Every store makes ids here, which is what
 * lets the expiry floor ({@link Expiry#floorId}) be a bound on invite ids in every store alike.
 */
public final class TimeOrderedIds {
    /** The first id any item can have: every lower-case UUID sorts at or after it. */
    public static final String FIRST = "00000000-0000-0000-0000-000000000000";
    /** The last id any item can have: every lower-case UUID sorts at or before it. */
    public static final String LAST = "ffffffff-ffff-ffff-ffff-ffffffffffff";

    private TimeOrderedIds() {
    }

    /** A new id for an item created at {@code now}. */
    public static UUID next(Instant now) {
        return Generator.UUID_V7.construct(now.toEpochMilli());
    }

    /**
     * The generator, built (and its random source seeded) on the first create, which under SnapStart is after the
     * restore: a generator built before the snapshot would hand every restored copy the same random bits. Ids made
     * in one millisecond increase, so id order is creation order within one execution environment.
     */
    private static final class Generator {
        static final TimeBasedEpochGenerator UUID_V7 = Generators.timeBasedEpochGenerator();
    }

    /** When the invite (or membership) with this id was made: its UUIDv7's millisecond. */
    public static Instant timeOf(String id) {
        return Instant.ofEpochMilli(UUID.fromString(id).getMostSignificantBits() >>> 16);
    }

    /**
     * The smallest UUIDv7 of a millisecond, written as ids are (lower-case hex), so that every id made at or after
     * that millisecond sorts at or after it.
     */
    public static String firstAt(long epochMillis) {
        String hex = Long.toHexString(Math.max(0, epochMillis) | 1L << 48).substring(1);
        return hex.substring(0, 8) + "-" + hex.substring(8) + "-7000-8000-000000000000";
    }
}
