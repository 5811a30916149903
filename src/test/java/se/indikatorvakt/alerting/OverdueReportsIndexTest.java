package se.indikatorvakt.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.db.Migrations;
import se.indikatorvakt.support.TestDatabases;

/**
 * The scheduler's search for missing reports costs what is overdue, not what is stored: among 40 000 pairs of which
 * 50 are overdue, its query walks the due-day index and touches those 50 rows only.
 */
class OverdueReportsIndexTest {
  private static final LocalDate CUTOFF = LocalDate.parse("2024-05-01");
  private static DatabaseUrl database;
  private static Connection connection;

  @BeforeAll
  static void fill() throws SQLException {
    database = TestDatabases.create();
    Migrations.migrate(database);
    connection = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
    try (Statement s = connection.createStatement()) {
      // two indicators; their pairs reported lately (due after the cutoff), were judged (NULL), or are overdue
      s.execute("""
          INSERT INTO alert_series (kommun, indicator_id, org_unit_id, next_report_due)
          SELECT '0880', 'indicator-' || (i % 2), 'unit-' || i,
                 CASE WHEN i % 1600 IN (0, 801) THEN DATE '2024-04-01'
                      WHEN i % 3 = 0 THEN NULL
                      ELSE DATE '2024-06-01' + (i % 30) END
            FROM generate_series(1, 40000) AS i""");
      s.execute("ANALYZE alert_series");
    }
  }

  @AfterAll
  static void drop() throws SQLException {
    connection.close();
    TestDatabases.drop(database);
  }

  @Test
  void findsTheOverduePairsThroughTheDueIndexAndReadsNoOthers() throws SQLException {
    List<String> pairs = new ArrayList<>();
    try (PreparedStatement query = overdue("")) {
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          pairs.add(rs.getString("indicator_id") + "/" + rs.getString("org_unit_id"));
        }
      }
    }
    assertThat(pairs).hasSize(50)
        .allMatch(p -> List.of(0, 801).contains(Integer.parseInt(p.substring(p.indexOf("unit-") + 5)) % 1600));

    String plan;
    try (PreparedStatement explain = overdue("EXPLAIN (ANALYZE, FORMAT TEXT) "); ResultSet rs = explain.executeQuery()) {
      StringBuilder text = new StringBuilder();
      while (rs.next()) {
        text.append(rs.getString(1)).append('\n');
      }
      plan = text.toString();
    }
    assertThat(plan).as(plan).contains("alert_series_report_due").doesNotContain("Seq Scan on alert_series");
    assertThat(plan.lines().filter(line -> line.contains("alert_series_report_due")))
        .as("rows the index scans return: the overdue ones of each indicator, not every pair\n" + plan)
        .isNotEmpty().allMatch(line -> line.matches(".*actual time=\\S+ rows=25 loops=2.*"));
  }

  private static PreparedStatement overdue(String prefix) throws SQLException {
    String jdbc = AlertStatements.REPORTS_OVERDUE.replaceAll("\\$\\d+", "?");
    PreparedStatement query = connection.prepareStatement(prefix + jdbc);
    query.setArray(1, connection.createArrayOf("text", new String[] {"indicator-0", "indicator-1"}));
    query.setArray(2, connection.createArrayOf("date", new Date[] {Date.valueOf(CUTOFF), Date.valueOf(CUTOFF)}));
    query.setInt(3, SchedulerWork.BATCH);
    return query;
  }
}
