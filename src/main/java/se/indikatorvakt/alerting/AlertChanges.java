package se.indikatorvakt.alerting;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import se.indikatorvakt.notification.NotificationKind;

/**
 * What one transaction changes: alerts to insert or update, events to append, emails to queue, transitions to
 * count. Collected first and written together by {@link AlertWriter}, so a batch of thousands of measurements costs a
 * few round trips, not thousands.
 */
public final class AlertChanges {
  /** An email to queue for an alert; {@code key} makes the dedupe key "alert:&lt;id&gt;:&lt;key&gt;". */
  record Notice(AlertRow alert, NotificationKind kind, EscalationPolicy.Addressee to, String key, JsonObject extra) {}

  /** A state change to count in the metrics once written. */
  record Counted(AlertState to, Severity severity) {}

  final List<AlertRow> inserted = new ArrayList<>();
  final Set<AlertRow> updated = Collections.newSetFromMap(new IdentityHashMap<>());
  final List<AlertRepository.Event> events = new ArrayList<>();
  final List<Notice> notices = new ArrayList<>();
  final List<Counted> transitions = new ArrayList<>();
  /** Ids reserved for the breach alerts this transaction opens ({@link AlertStatements#RESERVE_IDS}). */
  final List<Long> reservedIds = new ArrayList<>();

  void insert(AlertRow alert) {
    inserted.add(alert);
  }

  void update(AlertRow alert, Instant now) {
    alert.updatedAt = now;
    if (!alert.isNew()) {
      updated.add(alert);
    }
  }

  void event(AlertRepository.Event event) {
    events.add(event);
    if (event.from() != null && event.to() != null && event.from() != event.to()) {
      transitions.add(new Counted(event.to(), event.severity()));
    }
  }

  void notice(Notice notice) {
    notices.add(notice);
  }

  /**
   * Whether every new alert is a breach with an id reserved for it, so that the alerts, their events and their
   * emails' rows can all be sent at once.
   */
  boolean idsReserved() {
    return inserted.size() <= reservedIds.size() && inserted.stream().allMatch(a -> a.kind == AlertKind.BREACH);
  }

  boolean isEmpty() {
    return inserted.isEmpty() && updated.isEmpty() && events.isEmpty() && notices.isEmpty();
  }
}
