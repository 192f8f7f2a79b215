package dev.orginvites.testkit;

import dev.orginvites.shared.store.InviteQuota;
import dev.orginvites.shared.store.Store;
import java.time.Duration;
import org.junit.jupiter.api.Nested;

/**
 * Every port's conformance suite, for one backend: a backend's test extends this and says how to make its store, and
 * runs every suite (JUnit finds the nested classes through the subclass), so no backend can leave one out.
 */
public abstract class PortConformance {
    /**
     * The backend's store under an invite TTL. Every store one test asks for holds the same data, as functions
     * redeployed with another TTL share a table.
     */
    protected abstract Store store(Duration inviteTtl);

    /** As {@link #store(Duration)}, on the same data, with creates and resends counted against {@code quota}. */
    protected abstract Store store(Duration inviteTtl, InviteQuota quota);

    @Nested
    class Invitations extends InvitationsConformance {
        @Override
        protected Store store(Duration inviteTtl) {
            return PortConformance.this.store(inviteTtl);
        }
    }

    @Nested
    class Memberships extends MembershipsConformance {
        @Override
        protected Store store(Duration inviteTtl) {
            return PortConformance.this.store(inviteTtl);
        }
    }

    @Nested
    class IdempotencyKeys extends IdempotencyKeysConformance {
        @Override
        protected Store store(Duration inviteTtl) {
            return PortConformance.this.store(inviteTtl);
        }
    }

    @Nested
    class Directory extends DirectoryConformance {
        @Override
        protected Store store(Duration inviteTtl) {
            return PortConformance.this.store(inviteTtl);
        }
    }

    @Nested
    class InviteQuotas extends InviteQuotaConformance {
        @Override
        protected Store store(Duration inviteTtl) {
            return PortConformance.this.store(inviteTtl, QUOTA);
        }
    }

    @Nested
    class DeliveryFeedback extends DeliveryFeedbackConformance {
        @Override
        protected Store store(Duration inviteTtl) {
            return PortConformance.this.store(inviteTtl);
        }
    }
}
