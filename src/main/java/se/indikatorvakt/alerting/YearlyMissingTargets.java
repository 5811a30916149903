package se.indikatorvakt.alerting;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.indikatorvakt.db.KommunScope;
import se.indikatorvakt.catalog.Catalog;
import se.indikatorvakt.catalog.CatalogService;
import se.indikatorvakt.catalog.Kommun;
import se.indikatorvakt.catalog.MissingTargets;
import se.indikatorvakt.catalog.Target;
import se.indikatorvakt.catalog.TargetRule;
import se.indikatorvakt.notification.NotificationKind;
import se.indikatorvakt.notification.NotificationRequest;
import se.indikatorvakt.notification.Outbox;

/**
 * The scheduler's yearly step: at its first tick in January (the kommuner's time zone), each kommun's catalog owner
 * gets one email listing the målvärden that lapsed at the turn of the year ({@link MissingTargets}); none when nothing
 * lapsed. The decision per kommun and year is a row of its own table, inserted with the email's outbox row in one
 * transaction, so two instances never both send it and a restart does not send it again. Only January: a service
 * first started in the autumn does not send the year's "start of the year" list then.
 */
final class YearlyMissingTargets {
  private static final Logger LOG = LoggerFactory.getLogger(YearlyMissingTargets.class);

  private static final String DECIDED = "SELECT kommun FROM missing_targets_list WHERE year = $1";
  private static final String DECIDE = """
      INSERT INTO missing_targets_list (kommun, year, decided_at, missing, recipient, dedupe_key)
      VALUES ($1, $2, $3, $4, $5, $6)
      ON CONFLICT (kommun, year) DO NOTHING
      RETURNING kommun""";

  /** The outbox row of an email about no alert. */
  static final long NO_ALERT = 0;

  private final Vertx vertx;
  private final Pool pool;
  private final CatalogService catalog;
  private final Outbox outbox;
  private final ZoneId zone;

  YearlyMissingTargets(Vertx vertx, Pool pool, CatalogService catalog, Outbox outbox, ZoneId zone) {
    this.vertx = vertx;
    this.pool = pool;
    this.catalog = catalog;
    this.outbox = outbox;
    this.zone = zone;
  }

  /** The owner told: the kommun's catalog owner, else the data owner (or manager) of its top unit on the day. */
  private record Owner(String role, String email) {}

  Future<Void> tick(Instant now) {
    LocalDate today = LocalDate.ofInstant(now, zone);
    if (today.getMonth() != Month.JANUARY) {
      return Future.succeededFuture();
    }
    int year = today.getYear();
    Catalog current = catalog.current();
    Set<String> kommuner = current.kommunCodes();
    return KommunScope.statement(pool, kommuner, conn -> conn.preparedQuery(DECIDED).execute(Tuple.of(year)))
        .compose(rows -> {
          Set<String> decided = new HashSet<>();
          for (Row row : rows) {
            decided.add(row.getString("kommun"));
          }
          List<Kommun> open = current.kommuner().stream().filter(k -> !decided.contains(k.code())).toList();
          // the lists are worked out on a worker: a whole catalog's periods are no event loop's work
          return open.isEmpty() ? Future.succeededFuture(List.<Lapsed>of()) : vertx.executeBlocking(() ->
              open.stream().map(kommun -> new Lapsed(kommun, MissingTargets.of(kommun, today))).toList(), false);
        })
        .compose(lapsed -> {
          Future<Void> chain = Future.succeededFuture();
          for (Lapsed kommun : lapsed) {
            chain = chain.compose(v -> KommunScope.transaction(pool, Set.of(kommun.kommun().code()),
                tx -> decide(tx, kommun, today, now)));
          }
          return chain;
        });
  }

  /** A kommun not yet decided for the year, with its lapsed målvärden. */
  private record Lapsed(Kommun kommun, List<MissingTargets.Missing> missing) {}

  private Future<Void> decide(SqlConnection tx, Lapsed lapsed, LocalDate today, Instant now) {
    Kommun kommun = lapsed.kommun();
    List<MissingTargets.Missing> missing = lapsed.missing();
    int year = today.getYear();
    Optional<Owner> owner = missing.isEmpty() ? Optional.empty() : owner(kommun, today);
    String dedupeKey = "yearly-targets-missing:" + kommun.code() + ":" + year;
    Tuple decision = Tuple.of(kommun.code(), year, now.atOffset(ZoneOffset.UTC), missing.size(),
        owner.map(Owner::email).orElse(null), owner.map(o -> dedupeKey).orElse(null));
    return tx.preparedQuery(DECIDE).execute(decision).compose(inserted -> {
      if (inserted.rowCount() == 0 || missing.isEmpty()) {
        return Future.succeededFuture();
      }
      if (owner.isEmpty()) {
        LOG.warn("Kommun {}: {} målvärden lapsed at the turn of {}, but the kommun has no catalog owner to tell",
            kommun.code(), missing.size(), year);
        return Future.succeededFuture();
      }
      LOG.info("Kommun {}: {} målvärden lapsed at the turn of {}; the list goes to its {}", kommun.code(),
          missing.size(), year, owner.get().role());
      return outbox.enqueue(tx, List.of(new NotificationRequest(NO_ALERT, NotificationKind.YEARLY_TARGETS_MISSING,
          owner.get().email(), owner.get().role(), kommun.rootUnit(), facts(kommun, year, missing), dedupeKey)));
    });
  }

  private static Optional<Owner> owner(Kommun kommun, LocalDate today) {
    return kommun.profile().catalogOwner().map(o -> new Owner(o.role(), o.email()))
        .or(() -> kommun.organisation().dataOwnerOf(kommun.rootUnit(), today).map(m -> new Owner(m.role(), m.email())));
  }

  /** What the email lists, as it stood when it was decided; the composer adds the names from the catalog. */
  private static JsonObject facts(Kommun kommun, int year, List<MissingTargets.Missing> missing) {
    JsonArray items = new JsonArray();
    for (MissingTargets.Missing m : missing) {
      items.add(new JsonObject()
          .put("indicatorId", m.indicator().id())
          .put("orgUnit", m.orgUnit())
          .put("gender", m.gender().code())
          .put("lastPeriod", m.lastPeriod().notation())
          .put("lastTarget", String.join(" och ", m.lastTargets().stream().map(TargetRule::target)
              .map(Target::describeSwedish).toList())));
    }
    return new JsonObject().put("kommun", kommun.code()).put("year", year).put("items", items);
  }
}
