package se.indikatorvakt.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.indikatorvakt.catalog.AlertingPolicy;
import se.indikatorvakt.catalog.Catalog;
import se.indikatorvakt.catalog.CatalogLoader;
import se.indikatorvakt.catalog.Indicator;
import se.indikatorvakt.catalog.OrgUnit;
import se.indikatorvakt.support.ShippedConfig;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.support.Http;
import se.indikatorvakt.support.TestDatabases;
import se.indikatorvakt.support.TestService;

/**
 * The dashboards as a leader and an IT person would look at them: two instances of the service on
 * one database, a real Prometheus scraping both every second (and Herrljunga's page of the first as
 * a split installation would), Kalmar's seed data and one Herrljunga value ingested through the API
 * of one instance; then every query of every panel runs where Grafana would run it.
 */
class DashboardQueriesTest {
  private static final String SOURCE = "Bearer dev-indikatorvakt-local-key";
  /** A source key writes for one kommun: Herrljunga's value goes in with Herrljunga's key. */
  private static final String HERRLJUNGA_SOURCE = "Bearer dev-indikatorvakt-herrljunga-key";
  private static final String ADMIN = "Bearer dev-indikatorvakt-admin-key";
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final String HERRLJUNGA = "1466";
  private static final String HERRLJUNGA_INDICATOR = "herrljunga-interna-sip-samordnare";

  private static DatabaseUrl database;
  private static PrometheusServer prometheus;
  private static TestService first;
  private static TestService second;
  private static Map<String, String> variables;

  @BeforeAll
  static void twoInstancesScrapedByPrometheusWithTheSeedIngested() {
    database = TestDatabases.create();
    int firstManagement = PrometheusServer.freePort();
    int secondManagement = PrometheusServer.freePort();
    // started first: its target discovery takes a few seconds, which the services' start-up hides
    prometheus = PrometheusServer.start(List.of(firstManagement, secondManagement),
        Map.of(firstManagement, HERRLJUNGA));
    first = TestService.start(env(firstManagement));
    second = TestService.start(env(secondManagement));
    Http api = new Http(first.apiPort());

    Http.Response seed = api.post("/api/v1/measurements", "application/json", resource("seed/measurements.json"),
        "Authorization", SOURCE);
    assertThat(seed.status()).as("seed accepted: " + seed.body()).isBetween(200, 201);
    Http.Response refused = api.post("/api/v1/measurements", "application/json",
        new JsonObject().put("indicator", "finns-inte").put("orgUnit", "finns-inte").put("period", "2022")
            .put("value", 1).encode(), "Authorization", SOURCE);
    assertThat(refused.status()).as("an unknown indicator is refused").isEqualTo(422);
    Http.Response herrljunga = api.postJson("/api/v1/measurements", new JsonObject().put("indicator",
        HERRLJUNGA_INDICATOR).put("orgUnit", "herrljunga-socialforvaltningen").put("period", "2021").put("value", 4),
        "Authorization", HERRLJUNGA_SOURCE);
    assertThat(herrljunga.status()).as("a value of another kommun: " + herrljunga.body()).isEqualTo(201);
    Http.Response kolada = api.post("/api/v1/import/kolada", "application/json",
        resource("seed/kolada-response.json"), "Authorization", SOURCE);
    assertThat(kolada.status()).as("Kolada import: " + kolada.body()).isBetween(200, 201);

    variables = chooseSeries();
    acknowledgeOneFiringAlert(api);
    prometheus.awaitTargetsUp(3, PATIENCE);
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable running : new AutoCloseable[] {prometheus, second, first}) {
      if (running != null) {
        try {
          running.close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }
    if (database != null) {
      TestDatabases.drop(database);
    }
  }

  @Test
  void bothInstancesShowTheSameIndicatorGaugesAfterOneOfThemIngests() {
    List<Map<String, String>> pages = new ArrayList<>();
    Http.await("the same indicator gauges on both instances", Duration.ofSeconds(10), () -> {
      pages.clear();
      pages.add(indicatorSamples(scrape(first)));
      pages.add(indicatorSamples(scrape(second)));
      return pages.get(0).keySet().stream().anyMatch(sample -> sample.startsWith(DomainExposition.VALUE))
          && pages.get(0).equals(pages.get(1));
    });
    assertThat(pages.get(1)).isEqualTo(pages.get(0));
  }

  @Test
  void aValueCommittedThroughOneInstanceReachesTheOtherInstancesGaugesAtOnce() {
    String indicator = variables.get("indikator");
    String unit = variables.get("enhet");
    String gender = variables.get("kon");
    String period = query("SELECT period FROM measurement WHERE indicator_id = '" + indicator + "' AND org_unit_id = '"
        + unit + "' AND gender = '" + gender + "' ORDER BY period_end DESC LIMIT 1").get(0).get("period");
    double current = Double.parseDouble(query("SELECT value FROM measurement WHERE indicator_id = '" + indicator
        + "' AND org_unit_id = '" + unit + "' AND gender = '" + gender + "' AND period = '" + period + "'")
        .get(0).get("value"));
    double revised = current + 1;
    Http.Response posted = new Http(second.apiPort()).postJson("/api/v1/measurements", new JsonObject()
        .put("indicator", indicator).put("orgUnit", unit).put("gender", gender).put("period", period)
        .put("value", revised), "Authorization", SOURCE);
    assertThat(posted.status()).as(posted.body()).isBetween(200, 201);
    String sample = DomainExposition.VALUE + "{gender=\"" + gender + "\",indicator=\"" + indicator + "\",kommun=\""
        + variables.get("kommun") + "\",org_unit=\"" + unit + "\"}";
    long committed = System.nanoTime();
    Http.await("the revised value on the other instance", Duration.ofSeconds(2), () -> {
      String shown = indicatorSamples(scrape(first)).get(sample);
      return shown != null && Double.parseDouble(shown) == revised;
    });
    assertThat(Duration.ofNanos(System.nanoTime() - committed)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void everyPromQlQueryOfEveryPanelAnswersWithData() {
    Map<String, String> pending = new LinkedHashMap<>();
    List<GrafanaDashboards.Query> promql = GrafanaDashboards.queries().stream().filter(GrafanaDashboards.Query::promql)
        .toList();
    assertThat(promql).hasSizeGreaterThan(40);
    promql.forEach(q -> pending.put(q.where(), ""));
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!pending.isEmpty() && System.nanoTime() < deadline) {
      for (GrafanaDashboards.Query q : promql) {
        if (pending.containsKey(q.where())) {
          String expr = GrafanaDashboards.prometheusMacros(q.text(), variables);
          JsonObject data = q.instant() ? prometheus.query(expr) : prometheus.queryRange(expr);
          if (!data.getJsonArray("result").isEmpty()) {
            pending.remove(q.where());
          } else {
            pending.put(q.where(), expr);
          }
        }
      }
    }
    assertThat(pending).as("queries that returned nothing within " + PATIENCE).isEmpty();
  }

  @Test
  void everyVariableQueryFindsValuesThatItsRegexCanRead() {
    for (GrafanaDashboards.Dashboard dashboard : GrafanaDashboards.dashboards()) {
      for (JsonObject variable : dashboard.variables()) {
        if (!"query".equals(variable.getString("type"))) {
          continue;
        }
        String definition = GrafanaDashboards.substitute(variable.getJsonObject("query").getString("query"), variables);
        List<String> values = variableValues(definition, variable.getString("regex"));
        assertThat(values).as(dashboard.title() + " $" + variable.getString("name") + ": " + definition).isNotEmpty();
        String chosen = variables.get(variable.getString("name"));
        if (!variable.getBoolean("includeAll", false)) {
          assertThat(values).as("the series the other tests look at").contains(chosen);
        }
      }
    }
  }

  @Test
  void everySqlQueryOfThePostgresPanelsRunsAgainstTheMigratedSchema() throws SQLException {
    Instant to = Instant.now().plus(1, ChronoUnit.DAYS);
    Instant from = to.minus(Duration.ofDays(3660));
    Map<String, Integer> rows = new TreeMap<>();
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      for (GrafanaDashboards.Query q : GrafanaDashboards.queries()) {
        if (q.promql()) {
          continue;
        }
        String sql = GrafanaDashboards.sqlMacros(q.text(), from, to, variables);
        try (ResultSet result = statement.executeQuery(sql)) {
          int count = 0;
          while (result.next()) {
            count++;
          }
          rows.put(q.where(), count);
        } catch (SQLException e) {
          throw new AssertionError(q.where() + " fails: " + e.getMessage() + "\n" + sql, e);
        }
      }
    }
    assertThat(rows).as("every SQL panel of the shipped dashboards").hasSizeGreaterThanOrEqualTo(7);
    assertThat(rows).as("the history panel draws the chosen series' periods")
        .hasEntrySatisfying("'Indikator mot målvärde' / panel 'Värde mot målvärde per period' / query A",
            count -> assertThat(count).isPositive())
        .hasEntrySatisfying("'Larm' / panel 'Öppna larm' / query A", count -> assertThat(count).isPositive());
  }

  @Test
  void promtoolAcceptsTheScrapeOfBothInstances() throws Exception {
    PrometheusServer.requireInstalled(PrometheusServer.PROMTOOL);
    for (TestService instance : List.of(first, second)) {
      Process promtool = new ProcessBuilder(PrometheusServer.PROMTOOL.toString(), "check", "metrics")
          .redirectErrorStream(true).start();
      try (var in = promtool.getOutputStream()) {
        in.write(scrape(instance).getBytes(StandardCharsets.UTF_8));
      }
      String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(promtool.exitValue()).as("promtool check metrics: " + output).isZero();
    }
  }

  @Test
  void everyServiceMetricHasThePrefixHelpTextAndPrometheusNames() {
    Map<String, String> help = new HashMap<>();
    Map<String, String> types = new HashMap<>();
    for (String line : scrape(first).split("\n")) {
      String[] parts = line.split(" ", 4);
      if (line.startsWith("# HELP ")) {
        help.put(parts[2], parts.length > 3 ? parts[3] : "");
      } else if (line.startsWith("# TYPE ")) {
        types.put(parts[2], parts[3]);
      }
    }
    Set<String> ours = types.keySet().stream().filter(name -> name.startsWith(Metrics.PREFIX))
        .collect(Collectors.toSet());
    assertThat(ours).contains(DomainExposition.VALUE, DomainExposition.TARGET, DomainExposition.WARNING,
        DomainExposition.RESULT, DomainExposition.LAST_REPORT, DomainExposition.ALERTS_OPEN, DomainExposition.OUTBOX,
        DomainExposition.OUTBOX_AGE, DomainExposition.INDICATOR_INFO, "indikatorvakt_measurements_accepted_total",
        "indikatorvakt_measurements_rejected_total", "indikatorvakt_emails_total",
        "indikatorvakt_alert_escalations_total", "indikatorvakt_metrics_dropped_series_total");
    for (String name : types.keySet()) {
      assertThat(help.get(name)).as("help text of " + name).isNotBlank();
      assertThat(name.endsWith("_total")).as(name + " is a counter exactly when it ends with _total")
          .isEqualTo(types.get(name).equals("counter"));
    }
  }

  @Test
  void indicatorGaugeLabelsComeOnlyFromTheCatalog() {
    Catalog catalog = CatalogLoader.load(ShippedConfig.DIR, new AlertingPolicy(1, Duration.ZERO, 0, true,
        Duration.ofDays(7), Duration.ofDays(3), Duration.ofDays(15))).catalog();
    Set<String> indicators = catalog.indicators().stream().map(Indicator::id).collect(Collectors.toSet());
    Set<String> units = catalog.organisation().units().stream().map(OrgUnit::id).collect(Collectors.toSet());
    Pattern labels = Pattern.compile("indicator=\"([^\"]*)\",kommun=\"([^\"]*)\",org_unit=\"([^\"]*)\"");
    Set<String> genders = Set.of("T", "K", "M");
    for (String sample : indicatorSamples(scrape(first)).keySet()) {
      if (sample.startsWith(DomainExposition.VALUE) || sample.startsWith(DomainExposition.RESULT)) {
        Matcher matcher = labels.matcher(sample);
        assertThat(matcher.find()).as(sample).isTrue();
        assertThat(indicators).as(sample).contains(matcher.group(1));
        assertThat(units).as(sample).contains(matcher.group(3));
        assertThat(matcher.group(2)).as("the kommun of the unit in the catalog: " + sample)
            .isEqualTo(catalog.kommunOf(matcher.group(3)).orElseThrow().code());
        assertThat(genders).as(sample).anyMatch(g -> sample.contains("gender=\"" + g + "\""));
      }
    }
  }

  @Test
  void aKommunLabelledSeriesIsQueryableAndAKommunsOwnScrapeHoldsThatKommunOnly() {
    String kalmar = variables.get("kommun");
    Http.await("Herrljunga's value from its own scrape", PATIENCE, () -> !prometheus.query(DomainExposition.VALUE
        + "{job=\"" + PrometheusServer.KOMMUN_JOB + "\", indicator=\"" + HERRLJUNGA_INDICATOR + "\"}")
        .getJsonArray("result").isEmpty());
    JsonArray values = prometheus.query(DomainExposition.VALUE + "{job=\"" + PrometheusServer.KOMMUN_JOB + "\", kommun=\""
        + HERRLJUNGA + "\", indicator=\"" + HERRLJUNGA_INDICATOR + "\"}").getJsonArray("result");
    assertThat(values).hasSize(1);
    assertThat(((JsonObject) values.getValue(0)).getJsonArray("value").getString(1)).isEqualTo("4");
    assertThat(prometheus.query("{job=\"" + PrometheusServer.KOMMUN_JOB + "\", __name__=~\"indikatorvakt_.*\", kommun!=\""
        + HERRLJUNGA + "\"}").getJsonArray("result")).as("another kommun's series, or one without kommun").isEmpty();
    assertThat(prometheus.query("{job=\"" + PrometheusServer.KOMMUN_JOB + "\", __name__=~\"jvm_.*|vertx_.*|process_.*\"}")
        .getJsonArray("result")).as("process meters on a kommun's page").isEmpty();
    assertThat(prometheus.query("count(" + DomainExposition.VALUE + "{job=\"" + PrometheusServer.JOB + "\", kommun=\""
        + kalmar + "\"})").getJsonArray("result")).as("Kalmar's series on the whole page").isNotEmpty();

    Http management = new Http(first.managementPort());
    String service = management.get("/metrics?kommun=none").body();
    assertThat(service).contains("jvm_memory_used_bytes").contains(DomainExposition.REFRESHED)
        .doesNotContain("kommun=\"");
    Http.Response unknown = management.get("/metrics?kommun=9999");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.header("Content-Type")).startsWith("application/problem+json");
    assertThat(unknown.json().getJsonArray("errors").getJsonObject(0).getString("pointer")).isEqualTo("/query/kommun");
    for (String malformed : List.of("880", "08800", "Kalmar", "0880%22%7D", "")) {
      Http.Response bad = management.get("/metrics?kommun=" + malformed);
      assertThat(bad.status()).as(malformed).isEqualTo(400);
      assertThat(bad.header("Content-Type")).startsWith("application/problem+json");
    }
  }

  private static Map<String, String> env(int managementPort) {
    Map<String, String> env = TestService.env(database);
    env.put("INDIKATORVAKT_MANAGEMENT_PORT", Integer.toString(managementPort));
    env.put("INDIKATORVAKT_NOTIFICATION_GROUPING_WINDOW", "PT0S");
    return env;
  }

  /** A series with a målvärde and a warning line that is ej uppfyllt: every panel has something to show. */
  private static Map<String, String> chooseSeries() {
    List<Map<String, String>> red = query("SELECT indicator_id, org_unit_id, gender FROM measurement "
        + "WHERE result = 'not-met' AND target_value IS NOT NULL AND warning_value IS NOT NULL "
        + "ORDER BY indicator_id, org_unit_id, gender LIMIT 1");
    assertThat(red).as("the seed has an ej uppfyllt series with a warning line").isNotEmpty();
    Map<String, String> chosen = new HashMap<>();
    chosen.put("indikator", red.get(0).get("indicator_id"));
    chosen.put("enhet", red.get(0).get("org_unit_id"));
    chosen.put("kon", red.get(0).get("gender"));
    chosen.put("kommun", "0880");
    chosen.put("instans", ".*");
    return chosen;
  }

  private static void acknowledgeOneFiringAlert(Http api) {
    List<Map<String, String>> firing = query("SELECT id FROM alert WHERE state = 'firing' ORDER BY id LIMIT 1");
    assertThat(firing).as("the seed's red values fire alerts").isNotEmpty();
    Http.Response ack = api.postJson("/api/v1/alerts/" + firing.get(0).get("id") + "/acknowledge",
        new JsonObject().put("comment", "Åtgärdsplan tas fram"), "Authorization", ADMIN);
    assertThat(ack.status()).as(ack.body()).isEqualTo(200);
  }

  /** What Grafana lists for a query variable: label_values(...) or query_result(...) read through the regex. */
  private static List<String> variableValues(String definition, String regex) {
    Matcher labelValues = Pattern.compile("^label_values\\((.*),\\s*([a-z_]+)\\)$").matcher(definition);
    Matcher queryResult = Pattern.compile("^query_result\\((.*)\\)$").matcher(definition);
    List<String> values = new ArrayList<>();
    if (labelValues.matches()) {
      String label = labelValues.group(2);
      Http.await(definition, PATIENCE, () -> !prometheus.query("group by (" + label + ") (" + labelValues.group(1) + ")")
          .getJsonArray("result").isEmpty());
      for (Object series : prometheus.query("group by (" + label + ") (" + labelValues.group(1) + ")")
          .getJsonArray("result")) {
        values.add(((JsonObject) series).getJsonObject("metric").getString(label));
      }
      return values;
    }
    assertThat(queryResult.matches()).as("a variable query Grafana's Prometheus data source knows: " + definition)
        .isTrue();
    Http.await(definition, PATIENCE, () -> !prometheus.query(queryResult.group(1)).getJsonArray("result").isEmpty());
    Pattern extract = Pattern.compile(regex.substring(1, regex.length() - 1));
    for (Object item : prometheus.query(queryResult.group(1)).getJsonArray("result")) {
      JsonObject series = (JsonObject) item;
      JsonObject metric = series.getJsonObject("metric");
      JsonArray value = series.getJsonArray("value");
      // the text Grafana builds from each series before it applies the variable's regex
      String text = metric.getString("__name__", "") + "{" + metric.fieldNames().stream().sorted()
          .filter(name -> !name.equals("__name__")).map(name -> name + "=\"" + metric.getString(name) + "\"")
          .collect(Collectors.joining(",")) + "} " + value.getString(1) + " " + (long) (value.getDouble(0) * 1000);
      Matcher matcher = extract.matcher(text);
      assertThat(matcher.find()).as("the regex " + regex + " reads " + text).isTrue();
      assertThat(matcher.group("text")).isNotBlank();
      values.add(matcher.group("value"));
    }
    return values;
  }

  private static Map<String, String> indicatorSamples(String page) {
    Map<String, String> samples = new TreeMap<>();
    for (String line : page.split("\n")) {
      if (line.startsWith("indikatorvakt_") && line.contains("indicator=\"")) {
        int space = line.lastIndexOf(' ');
        samples.put(line.substring(0, space), line.substring(space + 1));
      }
    }
    return samples;
  }

  private static String scrape(TestService instance) {
    Http.Response response = new Http(instance.managementPort()).get("/metrics");
    assertThat(response.status()).isEqualTo(200);
    return response.body();
  }

  private static List<Map<String, String>> query(String sql) {
    try (Connection connection = connect(); Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      List<Map<String, String>> rows = new ArrayList<>();
      while (result.next()) {
        Map<String, String> row = new HashMap<>();
        for (int i = 1; i <= result.getMetaData().getColumnCount(); i++) {
          row.put(result.getMetaData().getColumnLabel(i), result.getString(i));
        }
        rows.add(row);
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  private static Connection connect() throws SQLException {
    return DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
  }

  private static String resource(String name) {
    try (var in = DashboardQueriesTest.class.getClassLoader().getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
