package se.indikatorvakt.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.indikatorvakt.alerting.Cause;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.notification.NotificationKind;
import se.indikatorvakt.support.Http;
import se.indikatorvakt.support.ServiceExtension;

/**
 * The dashboards a leader reads show Swedish words, never the codes the service stores, and tell an alert escalated
 * because nobody acted apart from one that went to a manager above because its unit had no manager that day.
 */
class DashboardWordsTest {
  private static final Pattern RAW_CODE_COLUMN =
      Pattern.compile("\\b(from_state|to_state|cause|actor|kind|last_outcome|silenced|severity|state) AS \"");

  @RegisterExtension
  static final ServiceExtension SERVICE = ServiceExtension.withDefaults();

  private static Connection connect() throws SQLException {
    DatabaseUrl database = SERVICE.database();
    return DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
  }

  private static String call(String function, String code) throws SQLException {
    try (Connection connection = connect();
        PreparedStatement statement = connection.prepareStatement("SELECT " + function + "(?)")) {
      statement.setString(1, code);
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  private static void assertSwedish(String function, Stream<String> codes) throws SQLException {
    for (String code : codes.toList()) {
      String word = call(function, code);
      assertThat(word).as(function + "('" + code + "')").isNotBlank().isNotEqualTo(code);
    }
  }

  @Test
  void everyCodeTheServiceWritesHasASwedishWord() throws SQLException {
    assertSwedish("grafana_sv_cause", Arrays.stream(Cause.values()).map(Cause::code));
    assertSwedish("grafana_sv_alert_state", Metrics.ALERT_STATES.stream());
    assertSwedish("grafana_sv_notification_kind", Arrays.stream(NotificationKind.values()).map(NotificationKind::code));
    assertSwedish("grafana_sv_email_outcome",
        Stream.of("sent", "written", "folded", "temporary-failure", "permanent-failure", "unreachable"));
    assertThat(call("grafana_sv_actor", "admin:drift")).isEqualTo("administratör (drift)");
    assertThat(call("grafana_sv_actor", "scheduler")).isEqualTo("schemaläggaren");
  }

  @Test
  void theLarmDashboardShowsNoRawCodes() {
    List<String> raw = new ArrayList<>();
    for (GrafanaDashboards.Query query : GrafanaDashboards.queries()) {
      if (!query.dashboard().uid().equals("larm")) {
        continue;
      }
      if (query.promql()) {
        String legend = query.target().getString("legendFormat", "");
        if (legend.contains("{{")) {
          raw.add(query.where() + ": legend " + legend);
        }
      } else if (RAW_CODE_COLUMN.matcher(query.text()).find()) {
        raw.add(query.where() + ": " + query.text());
      }
    }
    assertThat(raw).isEmpty();
  }

  @Test
  void anAlertSentUpForLackOfAManagerIsNotCountedAsEscalated() throws SQLException {
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      String insert = "INSERT INTO alert (kommun, kind, indicator_id, org_unit_id, gender, state, severity, period, "
          + "period_end, opened_at, firing_since, updated_at, escalation_level, escalated_at) VALUES ('0880', 'breach', "
          + "'vantetid-daglig-verksamhet', 'daglig-verksamhet', '%s', 'firing', 'critical', '2022-T1', '2022-04-30', "
          + "now(), now(), now(), %d, %s)";
      statement.execute(insert.formatted("T", 1, "NULL"));
      statement.execute(insert.formatted("K", 1, "now()"));
      statement.execute(insert.formatted("M", 0, "NULL"));
      statement.execute("SELECT pg_notify('indikatorvakt_alerts', '')");
      List<String> why = new ArrayList<>();
      try (ResultSet rs = statement.executeQuery("SELECT addressed_above_sv FROM grafana_alert ORDER BY id")) {
        while (rs.next()) {
          why.add(rs.getString(1));
        }
      }
      assertThat(why).containsExactly("enheten saknade chef den dagen", "eskalerat", null);
    }
    Http management = new Http(SERVICE.managementPort());
    String labels = "{kommun=\"0880\",severity=\"critical\",state=\"firing\"}";
    Http.await("the gauges refreshed", Duration.ofSeconds(5),
        () -> management.get("/metrics").body().contains(DomainExposition.ALERTS_OPEN + labels + " 3"));
    assertThat(management.get("/metrics").body())
        .contains(DomainExposition.ALERTS_ESCALATED + labels + " 1")
        .contains(DomainExposition.ALERTS_UNIT_WITHOUT_MANAGER + labels + " 1");
  }
}
