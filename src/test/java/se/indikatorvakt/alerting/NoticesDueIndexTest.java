package se.indikatorvakt.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.indikatorvakt.Settings;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.db.DatabasePool;
import se.indikatorvakt.db.KommunScope;
import se.indikatorvakt.db.Migrations;
import se.indikatorvakt.support.TestDatabases;
import se.indikatorvakt.support.TestService;

/**
 * The scheduler's notices step reads the firing alerts that are due, not every firing alert: among 20 000 firing,
 * unacknowledged alerts of a kommun whose next notice lies ahead, it reads the three whose notice is due and the two
 * whose due instant was worked out under an older catalog version, through the indexes of V180, and touches no other
 * row. An alert it leaves alone gets its next due instant unless it was written since it was read.
 */
class NoticesDueIndexTest {
  private static final String KOMMUN = "0880";
  private static final Instant NOW = Instant.parse("2026-03-02T08:00:00Z");
  private static final long VERSION = 4;
  private static final int NOT_DUE = 20_000;
  private static DatabaseUrl database;
  private static Connection connection;
  private static Vertx vertx;
  private static Pool pool;

  @BeforeAll
  static void fill() throws SQLException {
    database = TestDatabases.create();
    Migrations.migrate(database);
    connection = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
    try (Statement s = connection.createStatement()) {
      // ids 1..20 000: due ahead under this version (a reminder in days), or never (a warning told once)
      s.execute(insert("generate_series(1, %d)".formatted(NOT_DUE),
          "CASE WHEN n % 2 = 0 THEN TIMESTAMPTZ '2026-03-05T08:00:00Z' END", Long.toString(VERSION)));
      s.execute(insert("generate_series(%d, %d)".formatted(NOT_DUE + 1, NOT_DUE + 3),
          "TIMESTAMPTZ '2026-03-02T07:00:00Z'", Long.toString(VERSION)));
      s.execute(insert("generate_series(%d, %d)".formatted(NOT_DUE + 4, NOT_DUE + 5),
          "TIMESTAMPTZ '2026-04-01T00:00:00Z'", "3"));
      // the other kommun's due alerts are its own scheduler's work
      s.execute(insert("generate_series(%d, %d)".formatted(NOT_DUE + 6, NOT_DUE + 8),
          "TIMESTAMPTZ '2026-03-01T00:00:00Z'", "0").replace("'0880'", "'0484'"));
      s.execute("ANALYZE alert");
    }
    vertx = Vertx.vertx();
    Settings settings = Settings.load(TestService.env(database));
    pool = DatabasePool.create(vertx, DatabasePool.connectOptions(database, settings.database()),
        settings.database());
  }

  private static String insert(String ids, String due, String version) {
    return """
        INSERT INTO alert (id, kommun, kind, indicator_id, org_unit_id, gender, state, severity, period, period_end,
                           opened_at, firing_since, updated_at, notified_severities, first_notified_at,
                           last_notified_at, notice_due_at, notice_version)
        SELECT n, '0880', 'breach', 'indicator-' || (n %% 7), 'unit-' || n, 'T', 'firing', 'critical', '2026-02-01',
               DATE '2026-02-01', TIMESTAMPTZ '2026-03-01T08:00:00Z', TIMESTAMPTZ '2026-03-01T08:00:00Z',
               TIMESTAMPTZ '2026-03-01T08:00:00Z', '{critical}', TIMESTAMPTZ '2026-03-02T08:00:00Z',
               TIMESTAMPTZ '2026-03-02T08:00:00Z', %s, %s
          FROM %s AS n""".formatted(due, version, ids);
  }

  @AfterAll
  static void drop() throws Exception {
    pool.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
    connection.close();
    TestDatabases.drop(database);
  }

  @Test
  void readsTheDueAlertsAndThoseOfAnOlderCatalogThroughTheIndexesOnly() throws Exception {
    List<AlertRepository.Due> due = KommunScope.statement(pool, Set.of(KOMMUN),
            conn -> new AlertRepository().noticesDue(conn, KOMMUN, NOW, VERSION, SchedulerWork.BATCH * 4))
        .await(30, TimeUnit.SECONDS);
    assertThat(due).extracting(d -> d.alert().id)
        .containsExactlyInAnyOrder((long) NOT_DUE + 1, NOT_DUE + 2L, NOT_DUE + 3L, NOT_DUE + 4L, NOT_DUE + 5L);

    JsonObject plan = explain();
    List<JsonObject> scans = new ArrayList<>();
    collectScans(plan, scans);
    assertThat(scans).as(plan.encodePrettily()).isNotEmpty();
    for (JsonObject scan : scans) {
      String what = scan.getString("Node Type") + " on " + scan.getString("Relation Name") + " using "
          + scan.getString("Index Name");
      assertThat(scan.getString("Node Type")).as(what).isIn("Index Scan", "Index Only Scan");
      assertThat(scan.getLong("Actual Rows") * scan.getLong("Actual Loops")).as("rows " + what + " returned")
          .isLessThanOrEqualTo(5);
    }
    assertThat(scans).extracting(scan -> scan.getString("Index Name"))
        .contains("alert_notice_due", "alert_notice_version");
    assertThat(plan.getLong("Shared Hit Blocks") + plan.getLong("Shared Read Blocks"))
        .as("buffers the plan touched, against some 300 pages of firing alerts").isLessThan(60);
  }

  @Test
  void givesAnAlertLeftAloneItsNextDueInstantUnlessItWasWrittenSinceItWasRead() throws Exception {
    String other = "0484";
    List<AlertRepository.Due> read = KommunScope.statement(pool, Set.of(other),
            conn -> new AlertRepository().noticesDue(conn, other, NOW, VERSION, SchedulerWork.BATCH * 4))
        .await(30, TimeUnit.SECONDS);
    Map<Long, String> versions = new LinkedHashMap<>();
    read.forEach(d -> versions.put(d.alert().id, d.rowVersion()));
    assertThat(versions).containsOnlyKeys(NOT_DUE + 6L, NOT_DUE + 7L, NOT_DUE + 8L);
    try (Statement s = connection.createStatement()) {
      // an ingest transaction writes one of them after the scheduler read it
      s.execute("UPDATE alert SET notice_due_at = TIMESTAMPTZ '2026-03-02T07:30:00Z', notice_version = 4 "
          + "WHERE id = " + (NOT_DUE + 7));
    }
    Instant later = Instant.parse("2026-03-05T08:00:00Z");
    List<AlertRepository.Rearm> rearm = List.of(
        new AlertRepository.Rearm(NOT_DUE + 6, versions.get(NOT_DUE + 6L), later),
        new AlertRepository.Rearm(NOT_DUE + 7, versions.get(NOT_DUE + 7L), later),
        new AlertRepository.Rearm(NOT_DUE + 8, versions.get(NOT_DUE + 8L), null));
    KommunScope.statement(pool, Set.of(other), conn -> new AlertRepository().rearm(conn, other, rearm, VERSION))
        .await(30, TimeUnit.SECONDS);

    assertThat(stored(NOT_DUE + 6)).isEqualTo("2026-03-05T08:00:00Z " + VERSION);
    assertThat(stored(NOT_DUE + 7)).as("written since it was read: kept").isEqualTo("2026-03-02T07:30:00Z " + VERSION);
    assertThat(stored(NOT_DUE + 8)).as("nothing more to come").isEqualTo("null " + VERSION);
    assertThat(KommunScope.statement(pool, Set.of(other),
            conn -> new AlertRepository().noticesDue(conn, other, NOW, VERSION, SchedulerWork.BATCH * 4))
        .await(30, TimeUnit.SECONDS)).extracting(d -> d.alert().id).as("due again").containsExactly(NOT_DUE + 7L);
  }

  private static String stored(long id) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT notice_due_at, notice_version FROM alert WHERE id = " + id)) {
      rs.next();
      Timestamp due = rs.getTimestamp(1);
      return (due == null ? "null" : due.toInstant().toString()) + " " + rs.getLong(2);
    }
  }

  private static void collectScans(JsonObject node, List<JsonObject> scans) {
    if (node.containsKey("Relation Name")) {
      scans.add(node);
    }
    JsonArray children = node.getJsonArray("Plans", new JsonArray());
    for (int i = 0; i < children.size(); i++) {
      collectScans(children.getJsonObject(i), scans);
    }
  }

  /** The statement's plan as the service runs it: its role, in the kommun's scope. */
  private static JsonObject explain() throws SQLException {
    connection.setAutoCommit(false);
    try (Statement s = connection.createStatement()) {
      s.execute("SET LOCAL ROLE " + KommunScope.SERVICE_ROLE);
      s.execute("SELECT set_config('" + KommunScope.SETTING + "', '" + KOMMUN + "', true)");
      try (PreparedStatement explain = connection.prepareStatement("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) "
          + AlertStatements.NOTICES_DUE.replaceAll("\\$\\d+", "?"))) {
        // the statement names $1 three times and $4 twice; JDBC numbers each placeholder
        Object[] values = {KOMMUN, KOMMUN, NOW.atOffset(ZoneOffset.UTC), SchedulerWork.BATCH * 4, KOMMUN, VERSION,
            SchedulerWork.BATCH * 4};
        for (int i = 0; i < values.length; i++) {
          explain.setObject(i + 1, values[i]);
        }
        try (ResultSet rs = explain.executeQuery()) {
          rs.next();
          return new JsonArray(rs.getString(1)).getJsonObject(0).getJsonObject("Plan");
        }
      }
    } finally {
      connection.rollback();
      connection.setAutoCommit(true);
    }
  }
}
