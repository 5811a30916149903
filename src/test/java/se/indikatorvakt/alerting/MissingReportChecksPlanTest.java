package se.indikatorvakt.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.db.KommunScope;
import se.indikatorvakt.db.Migrations;
import se.indikatorvakt.support.TestDatabases;

/**
 * The missing-report step's checks cost the triples and pairs it asks about, not the kommun's stored pairs, values
 * or past missing reports: run as the service runs them (its role, one kommun's scope), every table is reached by one
 * key lookup per asked row. Asserted on the rows each plan node touched, which do not depend on the machine's load.
 * Before, the planner made the "has reported before" check of UNREPORTED a hash join over every pair of the kommun,
 * so every tick read all of alert_series.
 */
class MissingReportChecksPlanTest {
  private static final String KOMMUN = "0880";
  private static final int PAIRS = 2_000;
  private static final int ASKED = 16;
  private static DatabaseUrl database;
  private static Connection connection;

  @BeforeAll
  static void fill() throws SQLException {
    database = TestDatabases.create();
    Migrations.migrate(database);
    connection = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
    try (Statement s = connection.createStatement()) {
      // a kommun as FlatGrowthBench's big one: two thousand pairs with years of values and of missing reports
      s.execute("""
          INSERT INTO alert_series (kommun, indicator_id, org_unit_id, next_report_due)
          SELECT '0880', 'indicator-' || (i %% 2), 'unit-' || i, DATE '2030-01-01'
            FROM generate_series(1, %d) AS i""".formatted(PAIRS));
      s.execute("""
          INSERT INTO measurement (kommun, indicator_id, org_unit_id, gender, period, period_type, period_start,
                                   period_end, value, result, source, observed_at, revision, created_at, updated_at)
          SELECT '0880', 'indicator-' || (i %% 2), 'unit-' || i, g, y::text, 'year', make_date(y, 1, 1),
                 make_date(y, 12, 31), 1, 'no-target', 'test', now(), 1, now(), now()
            FROM generate_series(1, %d) AS i, generate_series(2015, 2024) AS y, unnest(ARRAY['T', 'K', 'M']) AS g"""
          .formatted(PAIRS));
      s.execute("""
          INSERT INTO alert (kommun, kind, indicator_id, org_unit_id, state, severity, period, period_end, opened_at,
                             updated_at, closed_at)
          SELECT '0880', 'missing-report', 'indicator-' || (i %% 2), 'unit-' || i, 'resolved', 'missing-report',
                 y::text, make_date(y, 12, 31), now(), now(), now()
            FROM generate_series(1, %d) AS i, generate_series(2010, 2014) AS y""".formatted(PAIRS));
      s.execute("ANALYZE");
    }
  }

  @AfterAll
  static void drop() throws SQLException {
    connection.close();
    TestDatabases.drop(database);
  }

  @Test
  void unreportedLooksUpEachAskedTripleAndReadsNoOtherPair() throws SQLException {
    // half have reported 2025 and are left out; one asked unit has never reported at all
    List<String[]> asked = new ArrayList<>();
    IntStream.rangeClosed(1, ASKED).forEach(i -> asked.add(new String[] {"indicator-" + (i % 2),
        i == ASKED ? "unit-never" : "unit-" + i, i % 2 == 0 ? "2024" : "2025"}));
    JsonObject plan = explain(AlertStatements.UNREPORTED, asked, 3);

    assertThat(plan.getLong("Actual Rows")).as("asked for 2025 and never reported it: units 1, 3, … 15")
        .isEqualTo(ASKED / 2);
    assertTouchesOnlyAskedRows(plan);
  }

  @Test
  void cadenceBrokenLooksUpEachOverduePairAndReadsNoOtherValueOrAlert() throws SQLException {
    List<String[]> overdue = new ArrayList<>();
    IntStream.rangeClosed(1, ASKED).forEach(i -> overdue.add(new String[] {"indicator-" + (i % 2), "unit-" + i,
        i % 2 == 0 ? "2024" : "2025", i % 2 == 0 ? "2023" : "2024"}));
    JsonObject plan = explain(AlertStatements.CADENCE_BROKEN, overdue, 4);

    assertThat(plan.getLong("Actual Rows")).as("reported 2024 but not 2025").isEqualTo(ASKED / 2);
    assertTouchesOnlyAskedRows(plan);
  }

  /** Every scan of a stored table is a key lookup returning at most one row per asked row, so at most ASKED each. */
  private static void assertTouchesOnlyAskedRows(JsonObject plan) {
    List<JsonObject> scans = new ArrayList<>();
    collectScans(plan, scans);
    assertThat(scans).as(plan.encodePrettily()).isNotEmpty();
    for (JsonObject scan : scans) {
      String what = scan.getString("Node Type") + " on " + scan.getString("Relation Name");
      assertThat(scan.getString("Node Type")).as(what).isIn("Index Scan", "Index Only Scan", "Bitmap Heap Scan");
      assertThat(scan.getLong("Actual Rows") * scan.getLong("Actual Loops")).as("rows " + what + " returned")
          .isLessThanOrEqualTo(ASKED);
      assertThat(scan.getLong("Actual Loops")).as("lookups of " + what).isLessThanOrEqualTo(ASKED);
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

  /** The statement's plan as the service runs it: its role, in one kommun's scope, with the rows as arrays. */
  private static JsonObject explain(String sql, List<String[]> rows, int columns) throws SQLException {
    connection.setAutoCommit(false);
    try (Statement s = connection.createStatement()) {
      s.execute("SET LOCAL ROLE " + KommunScope.SERVICE_ROLE);
      s.execute("SELECT set_config('" + KommunScope.SETTING + "', '" + KOMMUN + "', true)");
      try (PreparedStatement explain = connection.prepareStatement(
          "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql.replaceAll("\\$\\d+", "?"))) {
        for (int c = 0; c < columns; c++) {
          int column = c;
          explain.setArray(c + 1, connection.createArrayOf("text",
              rows.stream().map(r -> r[column]).toArray(String[]::new)));
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
