package se.indikatorvakt.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.indikatorvakt.Settings;
import se.indikatorvakt.catalog.CatalogService;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.db.DatabasePool;
import se.indikatorvakt.db.Migrations;
import se.indikatorvakt.notification.NotificationRequest;
import se.indikatorvakt.notification.Outbox;
import se.indikatorvakt.proof.ProofDb;
import se.indikatorvakt.support.ShippedConfig;
import se.indikatorvakt.support.TestDatabases;
import se.indikatorvakt.support.TestService;

/**
 * The yearly decision when two schedulers overlap (the advisory lock normally keeps one at a time, but a leader whose
 * lock connection died may still be finishing its tick): two deciders on their own connections tick at the same
 * instant, again and again, against one real database. One decision per kommun and year, one outbox row.
 */
class YearlyMissingTargetsRaceTest {
  private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");

  private static DatabaseUrl database;
  private static Vertx vertx;
  private static List<Pool> pools = new ArrayList<>();
  private static List<YearlyMissingTargets> deciders = new ArrayList<>();
  private static ProofDb db;

  @BeforeAll
  static void start() throws Exception {
    Path config = ShippedConfig.copy("yearly-missing-targets-race");
    Path kalmar = config.resolve(ShippedConfig.KALMAR_CATALOG);
    Files.writeString(kalmar, Files.readString(kalmar, StandardCharsets.UTF_8)
        .replace("until: \"2022\"", "until: \"2026\""), StandardCharsets.UTF_8);
    database = TestDatabases.create();
    Migrations.migrate(database);
    Settings settings = Settings.load(TestService.env(database));
    vertx = Vertx.vertx();
    CatalogService catalog = CatalogService.load(vertx, config, settings.alerting().defaults())
        .await(30, TimeUnit.SECONDS);
    for (int i = 0; i < 2; i++) {
      Pool pool = DatabasePool.create(vertx,
          DatabasePool.connectOptions(database, settings.database()), settings.database());
      pools.add(pool);
      deciders.add(new YearlyMissingTargets(vertx, pool, catalog, new TableOutbox(), STOCKHOLM));
    }
    db = new ProofDb(database);
  }

  @AfterAll
  static void stop() throws Exception {
    for (Pool pool : pools) {
      pool.close().await(10, TimeUnit.SECONDS);
    }
    if (vertx != null) {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
    TestDatabases.drop(database);
  }

  @Test
  void twoDecidersTickingTogetherDecideEachKommunOnceAndQueueOneEmail() throws Exception {
    Instant december = Instant.parse("2026-12-31T22:59:59Z");
    tickBoth(december);
    assertThat(db.count("SELECT count(*) FROM missing_targets_list")).as("still 2026 in Stockholm").isZero();

    Instant newYear = Instant.parse("2026-12-31T23:00:00Z");
    for (int round = 0; round < 5; round++) {
      tickBoth(newYear.plusSeconds(round));
    }
    assertThat(db.count("SELECT count(*) FROM missing_targets_list WHERE year = 2027")).isEqualTo(4);
    assertThat(db.count("SELECT count(*) FROM outbox WHERE kind = 'yearly-targets-missing'")).isEqualTo(1);
    assertThat(db.rows("SELECT recipient, role, org_unit, alert_id, dedupe_key FROM outbox").get(0))
        .containsEntry("recipient", "kvalitetsledare.soc@kalmar.example")
        .containsEntry("role", "kvalitetsledare")
        .containsEntry("org_unit", "socialforvaltningen")
        .containsEntry("alert_id", 0L)
        .containsEntry("dedupe_key", "yearly-targets-missing:0880:2027");
  }

  @Test
  void aYearFirstSeenAfterJanuaryGetsNoStartOfTheYearList() throws Exception {
    tickBoth(Instant.parse("2028-02-01T08:00:00Z"));
    assertThat(db.count("SELECT count(*) FROM missing_targets_list WHERE year = 2028")).isZero();
  }

  private static void tickBoth(Instant now) throws Exception {
    Future.all(deciders.stream().map(decider -> decider.tick(now)).toList()).await(30, TimeUnit.SECONDS);
  }

  /** Plays the notification module's part: the row as the outbox stores it, in the caller's transaction. */
  private static final class TableOutbox implements Outbox {
    @Override
    public Future<Void> enqueue(io.vertx.sqlclient.SqlConnection tx, List<NotificationRequest> requests) {
      List<Tuple> rows = requests.stream().map(r -> Tuple.of(r.dedupeKey(), r.recipientEmail(), r.recipientRole(),
          r.kind().code(), r.alertId(), r.orgUnit(), r.facts() == null ? new JsonObject() : r.facts())
          .addOffsetDateTime(Instant.now().atOffset(ZoneOffset.UTC))).toList();
      return tx.preparedQuery("""
          INSERT INTO outbox (dedupe_key, recipient, role, kind, alert_id, org_unit, facts, state, next_attempt_at,
                              not_before, created_at)
          VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', $8, $8, $8)
          ON CONFLICT (dedupe_key) DO NOTHING""").executeBatch(rows).mapEmpty();
    }
  }
}
