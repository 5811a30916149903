package se.indikatorvakt.alerting;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import se.indikatorvakt.catalog.CatalogService;
import se.indikatorvakt.catalog.OrgUnit;
import se.indikatorvakt.db.KommunScope;
import se.indikatorvakt.notification.NotificationKind;

/**
 * Acknowledging an alert ("jag hanterar detta"): under the alert's row lock, so that an escalation being decided at
 * the same moment either happens before (and the acknowledgement follows it) or sees the acknowledgement and stops.
 * A second acknowledgement changes nothing and records nothing. Everyone else who was told of the alert hears who
 * took it, once.
 */
public final class AckService {
  public static final String LINK_ACTOR = "link:";
  public static final String ADMIN_ACTOR = "admin:";

  public enum Outcome { ACKNOWLEDGED, ALREADY_ACKNOWLEDGED, NOT_OPEN, NOT_FOUND }

  public record Result(Outcome outcome, Optional<AlertRow> alert) {}

  private final Pool pool;
  private final AlertRepository repository;
  private final AlertWriter writer;
  private final Clock clock;
  private final CatalogService catalog;
  private final ZoneId zone;

  AckService(Pool pool, AlertRepository repository, AlertWriter writer, Clock clock, CatalogService catalog,
      ZoneId zone) {
    this.pool = pool;
    this.repository = repository;
    this.writer = writer;
    this.clock = clock;
    this.catalog = catalog;
    this.zone = zone;
  }

  /**
   * @param kommuner the kommuner the acknowledging one holds: an alert of any other is NOT_FOUND
   * @param actor {@code link:<recipient>} or {@code admin:<key name>}, recorded as who acknowledged
   */
  public Future<Result> acknowledge(Collection<String> kommuner, long id, String actor, Cause cause, String comment) {
    Instant now = clock.instant();
    return KommunScope.transaction(pool, kommuner, tx -> repository.lockAlert(tx, id).compose(found -> {
      if (found.isEmpty()) {
        return Future.succeededFuture(new Result(Outcome.NOT_FOUND, Optional.empty()));
      }
      AlertRow alert = found.get();
      if (!alert.state.open()) {
        return Future.succeededFuture(new Result(Outcome.NOT_OPEN, found));
      }
      if (alert.acknowledged()) {
        return Future.succeededFuture(new Result(Outcome.ALREADY_ACKNOWLEDGED, found));
      }
      alert.acknowledgedAt = now;
      alert.acknowledgedBy = actor;
      alert.acknowledgementComment = comment.isBlank() ? null : comment;
      AlertChanges changes = new AlertChanges();
      changes.update(alert, now);
      JsonObject details = new JsonObject();
      if (alert.acknowledgementComment != null) {
        details.put("comment", alert.acknowledgementComment);
      }
      changes.event(new AlertRepository.Event(alert, null, now, EventKind.ACKNOWLEDGEMENT, cause, actor, alert.state,
          alert.state, alert.severity, false, details));
      String by = actor.startsWith(LINK_ACTOR) ? actor.substring(LINK_ACTOR.length()).toLowerCase(Locale.ROOT) : "";
      LocalDate today = LocalDate.ofInstant(now, zone);
      List<OrgUnit> chain = catalog.current().organisation().chainUpwards(alert.orgUnitId);
      for (EscalationPolicy.Addressee to : AlertEngine.everyoneTold(alert, chain, today)) {
        String email = to.email().toLowerCase(Locale.ROOT);
        if (!email.equals(by)) {
          changes.notice(new AlertChanges.Notice(alert, NotificationKind.ACKNOWLEDGED, to, "acknowledged:" + email,
              new JsonObject()));
        }
      }
      return writer.write(tx, changes).map(new Result(Outcome.ACKNOWLEDGED, found));
    }));
  }
}
