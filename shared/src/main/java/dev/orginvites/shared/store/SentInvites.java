package dev.orginvites.shared.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The one rule of {@link InviteQuota}, which every store applies to an org's log of sends (the times, in epoch
 * milliseconds, of its last sends, oldest first): a send at {@code now} is allowed when fewer than the limit were
 * sent in the window before it, and the log it leaves holds only the sends still in the window, so it is never
 * longer than the limit.
 */
public final class SentInvites {
    private SentInvites() {
    }

    /**
     * The log after a send at {@code now}.
     *
     * @throws InviteQuotaExceededException when {@code limit} sends are in the window: a send is allowed again when
     *     enough of them have left it for one more
     */
    public static List<Long> afterSending(List<Long> sent, int limit, Instant now) {
        long since = now.minus(InviteQuota.WINDOW).toEpochMilli();
        List<Long> kept = new ArrayList<>(Math.min(sent.size(), limit) + 1);
        for (long at : sent) {
            if (at > since) {
                kept.add(at);
            }
        }
        // Oldest first even when the functions' clocks disagree by a few milliseconds.
        kept.sort(null);
        if (kept.size() >= limit) {
            // Once this send leaves the window, fewer than the limit remain in it.
            long frees = kept.get(kept.size() - limit);
            throw new InviteQuotaExceededException(Instant.ofEpochMilli(frees).plus(InviteQuota.WINDOW));
        }
        kept.add(now.toEpochMilli());
        kept.sort(null);
        return kept;
    }
}
