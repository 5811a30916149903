package se.indikatorvakt.alerting;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import se.indikatorvakt.catalog.Catalog;
import se.indikatorvakt.catalog.CatalogService;
import se.indikatorvakt.catalog.Gender;
import se.indikatorvakt.catalog.Indicator;
import se.indikatorvakt.metrics.Metrics;
import se.indikatorvakt.notification.NotificationRequest;
import se.indikatorvakt.notification.Outbox;
import se.indikatorvakt.text.Codes;

/**
 * Writes one transaction's {@link AlertChanges}: alerts, then their events, then the outbox rows of the emails they
 * cause, then a NOTIFY that leaves at commit. Everything commits together or not at all, so an email exists exactly
 * when the state change that caused it does, and its dedupe key keeps a retried transaction from doubling it.
 */
final class AlertWriter {
  private final AlertRepository repository;
  private final Outbox outbox;
  private final CatalogService catalog;
  private final Metrics metrics;
  private final ZoneId zone;

  /** @param zone the local time zone of the days managers are valid on */
  AlertWriter(AlertRepository repository, Outbox outbox, CatalogService catalog, Metrics metrics, ZoneId zone) {
    this.repository = repository;
    this.outbox = outbox;
    this.catalog = catalog;
    this.metrics = metrics;
    this.zone = zone;
  }

  Future<Void> write(SqlConnection tx, AlertChanges changes) {
    if (changes.isEmpty()) {
      return Future.succeededFuture();
    }
    Catalog current = catalog.current();
    boolean atOnce = changes.idsReserved();
    if (atOnce) {
      for (int i = 0; i < changes.inserted.size(); i++) {
        changes.inserted.get(i).id = changes.reservedIds.get(i);
      }
    }
    changes.inserted.forEach(alert -> noticeDue(current, alert, alert.updatedAt));
    changes.updated.forEach(alert -> noticeDue(current, alert, alert.updatedAt));
    Future<Void> saved = repository.save(tx, changes.inserted, new ArrayList<>(changes.updated));
    // with every new alert's id known, its events and emails need not wait for the insert's answer: one flight
    Future<Void> written = atOnce ? Future.all(saved, followers(tx, changes)).mapEmpty()
        : saved.compose(v -> followers(tx, changes));
    return written.onSuccess(v -> changes.transitions.forEach(t -> metrics.alertTransition(t.to().code(),
        t.severity().code())));
  }

  /** The events, the outbox rows and the NOTIFY of the saved alerts, pipelined in one round trip. */
  private Future<Void> followers(SqlConnection tx, AlertChanges changes) {
    List<NotificationRequest> requests = changes.notices.stream()
        .filter(n -> !n.alert().isNew())
        .map(this::request)
        .toList();
    return Future.all(repository.append(tx, changes.events),
        requests.isEmpty() ? Future.<Void>succeededFuture() : outbox.enqueue(tx, requests),
        repository.notifyChanged(tx)).mapEmpty();
  }

  /**
   * Sets when the scheduler may next have a notice to send for the alert, as of {@code now} under the catalog (see
   * EscalationPolicy.due): every write of an alert sets it, so the scheduler reads only alerts that are due.
   */
  void noticeDue(Catalog current, AlertRow alert, Instant now) {
    alert.noticeVersion = current.version();
    alert.noticeDueAt = alert.state != AlertState.FIRING ? null
        : current.indicator(alert.indicatorId, alert.orgUnitId)
            .flatMap(indicator -> EscalationPolicy.due(alert.situation(false),
                current.organisation().chainUpwards(alert.orgUnitId), indicator.alerting(), now, zone))
            .orElse(null);
  }

  private NotificationRequest request(AlertChanges.Notice notice) {
    AlertRow a = notice.alert();
    JsonObject facts = facts(a).mergeIn(notice.extra());
    return new NotificationRequest(a.id, notice.kind(), notice.to().email(), notice.to().role(), a.orgUnitId, facts,
        "alert:" + a.id + ":" + notice.key());
  }

  /** The snapshot an email is rendered from: the alert as it is at the moment it was caused. */
  JsonObject facts(AlertRow a) {
    JsonObject facts = new JsonObject()
        .put("indicatorId", a.indicatorId)
        .put("indicatorName", catalog.current().indicator(a.indicatorId).map(Indicator::name).orElse(a.indicatorId))
        .put("gender", a.gender.map(Gender::code).orElse(Gender.T.code()))
        .put("period", a.period)
        .put("severity", a.severity.code());
    catalog.current().indicator(a.indicatorId).ifPresent(i -> facts.put("unit", i.unit().code()));
    putIfPresent(facts, "value", a.value);
    putIfPresent(facts, "target", a.targetText);
    putIfPresent(facts, "targetValue", a.targetValue);
    putIfPresent(facts, "warningValue", a.warningValue);
    putIfPresent(facts, "result", Codes.codeOrNull(a.result));
    putIfPresent(facts, "trend", Codes.codeOrNull(a.trend));
    if (a.firingSince != null) {
      facts.put("firingSince", a.firingSince.toString());
    }
    return facts;
  }

  private static void putIfPresent(JsonObject json, String key, Object value) {
    if (value != null) {
      json.put(key, value);
    }
  }
}
