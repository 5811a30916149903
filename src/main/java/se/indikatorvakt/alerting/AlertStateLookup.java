package se.indikatorvakt.alerting;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import se.indikatorvakt.catalog.CatalogService;
import se.indikatorvakt.catalog.Gender;
import se.indikatorvakt.catalog.OrgUnit;
import se.indikatorvakt.notification.AlertStates;
import se.indikatorvakt.notification.CurrentAlert;
import se.indikatorvakt.text.Codes;

/** Answers the outbox sender's question "how does this alert stand now?", and records the notices it dropped. */
final class AlertStateLookup implements AlertStates {
  static final String OUTBOX_ACTOR = "outbox";

  private final CatalogService catalog;
  private final AlertRepository repository;

  AlertStateLookup(CatalogService catalog, AlertRepository repository) {
    this.catalog = catalog;
    this.repository = repository;
  }

  @Override
  public Future<Map<Long, CurrentAlert>> current(Pool pool, Collection<Long> alertIds, Instant now) {
    if (alertIds.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    Long[] ids = alertIds.stream().distinct().toArray(Long[]::new);
    Future<io.vertx.sqlclient.RowSet<Row>> alerts = pool.preparedQuery(AlertStatements.ALERTS_BY_IDS)
        .execute(Tuple.of(ids));
    Future<List<Silence>> silences = repository.activeSilences(pool, now);
    return Future.all(alerts, silences).map(done -> {
      Map<Long, CurrentAlert> out = new HashMap<>();
      for (Row row : alerts.result()) {
        AlertRow a = AlertRepository.alert(row);
        out.put(a.id, current(a, row.getString("closed_because"), silences.result(), now));
      }
      return out;
    });
  }

  private CurrentAlert current(AlertRow a, String closedBecause, List<Silence> silences, Instant now) {
    List<OrgUnit> chain = catalog.current().organisation().chainUpwards(a.orgUnitId);
    Optional<Instant> silencedUntil = Silence.matching(silences, a.indicatorId, AlertEngine.unitIds(chain, a.orgUnitId),
        a.gender, now).map(Silence::endsAt);
    return new CurrentAlert(a.id, a.state.open(), a.severity.code(), a.indicatorId, a.orgUnitId,
        a.gender.map(Gender::code).orElse(Gender.T.code()), a.period, a.value, Codes.codeOrNull(a.result),
        a.targetText, a.targetValue, a.warningValue, Codes.codeOrNull(a.trend), Optional.ofNullable(a.firingSince),
        Optional.ofNullable(a.closedAt),
        a.state.open() ? Optional.empty() : Optional.ofNullable(closedBecause), Optional.ofNullable(a.acknowledgedAt),
        Optional.ofNullable(a.acknowledgedBy), Optional.ofNullable(a.acknowledgementComment), silencedUntil);
  }

  @Override
  public Future<Void> dropped(Pool pool, List<DroppedNotice> notices, Instant now) {
    if (notices.isEmpty()) {
      return Future.succeededFuture();
    }
    Long[] ids = notices.stream().map(DroppedNotice::alertId).distinct().toArray(Long[]::new);
    return pool.withTransaction(tx -> tx.preparedQuery(AlertStatements.ALERTS_BY_IDS).execute(Tuple.of(ids))
        .compose(rows -> {
          Map<Long, AlertRow> alerts = new HashMap<>();
          rows.forEach(row -> {
            AlertRow a = AlertRepository.alert(row);
            alerts.put(a.id, a);
          });
          List<AlertRepository.Event> events = notices.stream()
              .filter(n -> alerts.containsKey(n.alertId()))
              .map(n -> {
                AlertRow a = alerts.get(n.alertId());
                return new AlertRepository.Event(a, null, now, EventKind.NOTICE_DROPPED, Cause.NOTICE_OUTDATED,
                    OUTBOX_ACTOR, a.state, a.state, a.severity, false, new JsonObject()
                        .put("reason", n.reason().code())
                        .put("notice", n.kind().code())
                        .put("recipient", n.recipient())
                        .put("outboxIds", new JsonArray(List.copyOf(n.outboxIds()))));
              })
              .toList();
          return repository.append(tx, events);
        }));
  }
}
