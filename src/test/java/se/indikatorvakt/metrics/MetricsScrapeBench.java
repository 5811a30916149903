package se.indikatorvakt.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import se.indikatorvakt.catalog.AlertingPolicy;
import se.indikatorvakt.catalog.CatalogLoader;
import se.indikatorvakt.catalog.Indicator;
import se.indikatorvakt.support.ShippedConfig;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.support.Http;
import se.indikatorvakt.support.TestDatabases;
import se.indikatorvakt.support.TestService;

/**
 * Scrape time and size of /metrics with the shipped catalog × 50 units × 3 kön (issue 7's benchmark).
 * Run: mvn -B -ntp -Pbench test -Dtest=MetricsScrapeBench -Dsurefire.failIfNoSpecifiedTests=false
 *
 * <p>The 50 units are added to the shipped organisation; one current value per (indicator, unit, kön)
 * is written straight into the measurement table (the API refuses K/M for indicators without a kön
 * breakdown, and this measures the scrape, not ingestion), with results spread over all four
 * codes. Then the service refreshes its gauges on the NOTIFY, and /metrics is fetched 300 times
 * in a row as Prometheus fetches it (gzip), and scraped by a real Prometheus once a second.
 */
@Tag("bench")
class MetricsScrapeBench {
  private static final int UNITS = 50;
  private static final List<String> GENDERS = List.of("T", "K", "M");
  private static final String[] RESULTS = {"met", "partly-met", "not-met", "no-target"};

  @Test
  void scrapeOfTheShippedCatalogTimesFiftyUnitsTimesThreeGenders() throws Exception {
    Path config = configWithFiftyMoreUnits();
    DatabaseUrl database = TestDatabases.create();
    Map<String, String> env = TestService.env(database);
    env.put("INDIKATORVAKT_CONFIG_DIR", config.toString());
    try (TestService service = TestService.start(env)) {
      List<String> indicators = indicatorIds();
      long written = writeSeries(database, indicators);
      Http management = new Http(service.managementPort());
      Http.await(written + " series on /metrics", Duration.ofSeconds(60), () -> management.get("/metrics").body()
          .lines().filter(line -> line.startsWith(DomainExposition.RESULT + "{")).count() >= written);

      HttpClient client = HttpClient.newHttpClient();
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.managementPort()
          + "/metrics")).header("Accept-Encoding", "gzip").build();
      for (int i = 0; i < 30; i++) {
        client.send(request, HttpResponse.BodyHandlers.ofByteArray());
      }
      int rounds = 300;
      long[] nanos = new long[rounds];
      long gzipBytes = 0;
      for (int i = 0; i < rounds; i++) {
        long started = System.nanoTime();
        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        nanos[i] = System.nanoTime() - started;
        gzipBytes = response.body().length;
        assertThat(response.statusCode()).isEqualTo(200);
      }
      Arrays.sort(nanos);
      String page = management.get("/metrics").body();
      long samples = page.lines().filter(line -> !line.startsWith("#") && !line.isBlank()).count();
      long domainSamples = page.lines().filter(line -> line.startsWith("indikatorvakt_indicator_")
          && line.contains("org_unit=\"")).count();

      Map<String, Double> prometheusView = prometheusScrapes(service.managementPort());
      Map<String, String> report = new LinkedHashMap<>();
      report.put("indicator series (indicator x unit x kon)", Long.toString(written));
      report.put("samples on /metrics (all)", Long.toString(samples));
      report.put("  of which per-series indicator gauges", Long.toString(domainSamples));
      report.put("bytes, plain text", Integer.toString(page.getBytes(StandardCharsets.UTF_8).length));
      report.put("bytes, gzip (as Prometheus asks)", Long.toString(gzipBytes));
      report.put("scrape time p50 / p99 / max (ms, " + rounds + " in a row)",
          ms(nanos[rounds / 2]) + " / " + ms(nanos[(int) Math.ceil(rounds * 0.99) - 1]) + " / " + ms(nanos[rounds - 1]));
      report.put("Prometheus scrape_duration_seconds p50 / p99 / max (ms, "
          + prometheusView.get("scrapes").intValue() + " scrapes)", String.format("%.1f / %.1f / %.1f",
          prometheusView.get("p50") * 1000, prometheusView.get("p99") * 1000, prometheusView.get("max") * 1000));
      report.put("gauge refresh from the database, mean of 20 after warm-up (ms)",
          String.format("%.1f", steadyRefreshMillis(database, management)));
      report.put("machine", Runtime.getRuntime().availableProcessors() + " cpus, Java "
          + System.getProperty("java.version"));
      System.out.println("\n=== /metrics benchmark: shipped catalog x " + UNITS + " units x 3 kon ===");
      report.forEach((what, value) -> System.out.printf("%-62s %s%n", what, value));
    } finally {
      TestDatabases.drop(database);
    }
  }

  /** The shipped config folder with 50 units more under the root unit. */
  @SuppressWarnings("unchecked")
  private static Path configWithFiftyMoreUnits() throws IOException {
    Path folder = ShippedConfig.copy("bench-config-");
    Path file = folder.resolve(ShippedConfig.KALMAR_ORGANISATION);
    Map<String, Object> organisation = new Yaml().load(Files.readString(file));
    String root = "socialforvaltningen";
    List<Map<String, Object>> units = (List<Map<String, Object>>) organisation.get("units");
    for (int i = 1; i <= UNITS; i++) {
      Map<String, Object> unit = new LinkedHashMap<>();
      String id = String.format("bench-enhet-%02d", i);
      unit.put("id", id);
      unit.put("name", String.format("Enhet %02d", i));
      unit.put("shortName", String.format("Enhet %02d", i));
      unit.put("source", Map.of("document", "bench.txt", "line", 1));
      unit.put("level", "enhet");
      unit.put("parent", root);
      unit.put("validFrom", "2016-01-01");
      unit.put("managers", List.of(Map.of("role", "Enhetschef", "email", id + "@kommun.example",
          "validFrom", "2016-01-01")));
      units.add(unit);
    }
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    Files.writeString(file, new Yaml(options).dump(organisation));
    return folder;
  }

  private static List<String> indicatorIds() {
    return CatalogLoader.load(ShippedConfig.DIR, new AlertingPolicy(1, Duration.ZERO, 0, true, Duration.ofDays(7),
        Duration.ofDays(3), Duration.ofDays(15))).catalog().indicators().stream().map(Indicator::id).toList();
  }

  private static long writeSeries(DatabaseUrl database, List<String> indicators) throws SQLException {
    String insert = "INSERT INTO measurement (kommun, indicator_id, org_unit_id, gender, period, period_type, "
        + "period_start, period_end, value, result, target_value, warning_value, source, created_at, updated_at) "
        + "VALUES ('0880', ?, ?, ?, '2024', 'year', DATE '2024-01-01', DATE '2024-12-31', ?, ?, ?, ?, 'bench', ?, ?)";
    long rows = 0;
    Timestamp now = Timestamp.from(Instant.now());
    try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password())) {
      connection.setAutoCommit(false);
      try (PreparedStatement statement = connection.prepareStatement(insert)) {
        for (String indicator : indicators) {
          for (int unit = 1; unit <= UNITS; unit++) {
            for (String gender : GENDERS) {
              String result = RESULTS[(int) (rows % RESULTS.length)];
              boolean target = !result.equals("no-target");
              statement.setString(1, indicator);
              statement.setString(2, String.format("bench-enhet-%02d", unit));
              statement.setString(3, gender);
              statement.setDouble(4, 40 + rows % 60);
              statement.setString(5, result);
              statement.setObject(6, target ? 50.0 : null);
              statement.setObject(7, target ? 60.0 : null);
              statement.setTimestamp(8, now);
              statement.setTimestamp(9, now);
              statement.addBatch();
              rows++;
            }
          }
        }
        statement.executeBatch();
      }
      try (var notify = connection.createStatement()) {
        notify.execute("SELECT pg_notify('indikatorvakt_measurements', '')");
      }
      connection.commit();
    }
    return rows;
  }

  /** scrape_duration_seconds as a real Prometheus measures it, scraping once a second for 30 seconds. */
  private static Map<String, Double> prometheusScrapes(int managementPort) {
    Map<String, Double> view = new LinkedHashMap<>();
    try (PrometheusServer prometheus = PrometheusServer.start(List.of(managementPort))) {
      prometheus.awaitTargetsUp(1, Duration.ofSeconds(30));
      Http.await("30 scrapes", Duration.ofSeconds(60), () -> value(prometheus,
          "count_over_time(scrape_duration_seconds[1m])") >= 30);
      view.put("scrapes", value(prometheus, "count_over_time(scrape_duration_seconds[1m])"));
      view.put("p50", value(prometheus, "quantile_over_time(0.5, scrape_duration_seconds[1m])"));
      view.put("p99", value(prometheus, "quantile_over_time(0.99, scrape_duration_seconds[1m])"));
      view.put("max", value(prometheus, "max_over_time(scrape_duration_seconds[1m])"));
    }
    return view;
  }

  private static double value(PrometheusServer prometheus, String expr) {
    var result = prometheus.query(expr).getJsonArray("result");
    return result.isEmpty() ? 0 : Double.parseDouble(result.getJsonObject(0).getJsonArray("value").getString(1));
  }

  /** Mean time of 20 refreshes, each caused by a NOTIFY as a commit elsewhere would, after the start-up ones. */
  private static double steadyRefreshMillis(DatabaseUrl database, Http management) throws SQLException {
    double[] before = refreshTimer(management.get("/metrics").body());
    try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
        var statement = connection.createStatement()) {
      for (int i = 1; i <= 20; i++) {
        double expected = before[1] + i;
        statement.execute("SELECT pg_notify('indikatorvakt_measurements', '')");
        Http.await("refresh " + i, Duration.ofSeconds(30),
            () -> refreshTimer(management.get("/metrics").body())[1] >= expected);
      }
    }
    double[] after = refreshTimer(management.get("/metrics").body());
    return (after[0] - before[0]) / (after[1] - before[1]) * 1000;
  }

  /** The refresh timer's sum (seconds) and count from a page. */
  private static double[] refreshTimer(String page) {
    double[] sumAndCount = new double[2];
    for (String line : page.split("\n")) {
      if (line.startsWith("indikatorvakt_metrics_refresh_duration_seconds_sum")) {
        sumAndCount[0] = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      } else if (line.startsWith("indikatorvakt_metrics_refresh_duration_seconds_count")) {
        sumAndCount[1] = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sumAndCount;
  }

  private static String ms(long nanos) {
    return String.format("%.1f", nanos / 1e6);
  }
}
