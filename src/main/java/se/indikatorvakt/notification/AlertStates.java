package se.indikatorvakt.notification;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What the alert lifecycle knows about its alerts now. The sender asks when it has claimed an email, so that a
 * notice about an alert silenced, acknowledged or closed since it was queued is dropped, and every alert an email
 * lists is shown as it stands when the email is composed, not as it stood when the notice was queued.
 */
public interface AlertStates {

  /**
   * The alerts of the kommun that exist, by id; an id that is not one of its alerts is left out.
   *
   * @param pool the sender's own connections, so that the question does not wait behind ingest
   */
  Future<Map<Long, CurrentAlert>> current(Pool pool, String kommun, Collection<Long> alertIds, Instant now);

  /** Records, in each alert's audit trail, that a queued email about it was not sent and why. */
  Future<Void> dropped(Pool pool, String kommun, List<DroppedNotice> notices, Instant now);

  /** A queued email that will not go out: the outbox rows, their kind, the recipient and the reason. */
  record DroppedNotice(long alertId, List<Long> outboxIds, NotificationKind kind, String recipient,
      DropReason reason) {}
}
