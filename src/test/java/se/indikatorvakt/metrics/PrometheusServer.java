package se.indikatorvakt.metrics;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import se.indikatorvakt.support.Http;

/**
 * A real Prometheus (the Debian package, as CI installs it) on 127.0.0.1 and a free port, its data in
 * a temporary folder, scraping the given management ports every second under the job name the
 * dashboards expect. Fails with a clear message when it is not installed: these tests never skip.
 */
final class PrometheusServer implements AutoCloseable {
  static final Path BINARY = Path.of(System.getProperty("indikatorvakt.prometheus", "/usr/bin/prometheus"));
  static final Path PROMTOOL = Path.of(System.getProperty("indikatorvakt.promtool", "/usr/bin/promtool"));
  static final String JOB = "indikatorvakt";
  /** The job of the per-kommun scrapes (/metrics?kommun=...), apart from the one the dashboards' $instans lists. */
  static final String KOMMUN_JOB = "indikatorvakt-kommun";

  private final Process process;
  private final Path folder;
  private final Http http;

  private PrometheusServer(Process process, Path folder, int port) {
    this.process = process;
    this.folder = folder;
    this.http = new Http(port);
  }

  /** Starts Prometheus; scraping begins once its target discovery has run (a few seconds). */
  static PrometheusServer start(List<Integer> managementPorts) {
    return start(managementPorts, Map.of());
  }

  /**
   * Also scrapes, per given management port, one kommun's page as an installation split by kommun would, under
   * {@link #KOMMUN_JOB} and an instance label of its own.
   */
  static PrometheusServer start(List<Integer> managementPorts, Map<Integer, String> kommunPages) {
    requireInstalled(BINARY);
    try {
      Path folder = Files.createTempDirectory("indikatorvakt-prometheus-");
      String targets = managementPorts.stream().map(port -> "'127.0.0.1:" + port + "'")
          .collect(Collectors.joining(", "));
      Files.writeString(folder.resolve("prometheus.yml"), """
          global:
            scrape_interval: 1s
            scrape_timeout: 1s
            evaluation_interval: 1s
          scrape_configs:
            - job_name: %s
              static_configs:
                - targets: [%s]
          """.formatted(JOB, targets) + kommunJobs(kommunPages));
      int port = freePort();
      Process process = new ProcessBuilder(BINARY.toString(),
          "--config.file=" + folder.resolve("prometheus.yml"),
          "--storage.tsdb.path=" + folder.resolve("data"),
          "--web.listen-address=127.0.0.1:" + port,
          "--log.level=warn")
          .redirectErrorStream(true).redirectOutput(folder.resolve("prometheus.log").toFile()).start();
      PrometheusServer server = new PrometheusServer(process, folder, port);
      Http.await("Prometheus to be ready", Duration.ofSeconds(20), server::ready);
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + BINARY + ": " + e.getMessage(), e);
    }
  }

  private static String kommunJobs(Map<Integer, String> kommunPages) {
    StringBuilder jobs = new StringBuilder();
    kommunPages.forEach((port, kommun) -> jobs.append("""
          - job_name: %s-%s
            params:
              kommun: ['%s']
            static_configs:
              - targets: ['127.0.0.1:%d']
            relabel_configs:
              - target_label: job
                replacement: %s
              - source_labels: [__address__, __param_kommun]
                separator: '/'
                target_label: instance
        """.formatted(KOMMUN_JOB, kommun, kommun, port, KOMMUN_JOB)));
    return jobs.toString();
  }

  static void requireInstalled(Path binary) {
    if (!Files.isExecutable(binary)) {
      throw new AssertionError(binary + " is not installed. These tests run a real Prometheus: install the Debian "
          + "package (apt-get install prometheus; src/test/scripts/ensure-prometheus.sh and .ci/run do it).");
    }
  }

  private boolean ready() {
    if (!process.isAlive()) {
      throw new AssertionError("Prometheus exited with " + process.exitValue() + ": " + log());
    }
    try {
      return http.get("/-/ready").status() == 200;
    } catch (IllegalStateException notListeningYet) {
      return false;
    }
  }

  /** Waits until Prometheus has scraped every target successfully. */
  void awaitTargetsUp(int count, Duration timeout) {
    Http.await(count + " targets up in Prometheus", timeout, () -> {
      JsonArray active = api("/api/v1/targets?state=active").getJsonObject("data").getJsonArray("activeTargets");
      return active.size() == count && active.stream().map(JsonObject.class::cast)
          .allMatch(target -> "up".equals(target.getString("health")));
    });
  }

  /** An instant query at the current time; the answer's data, or an AssertionError with Prometheus's error. */
  JsonObject query(String expr) {
    return data(api("/api/v1/query?query=" + encode(expr)), expr);
  }

  /** A range query over the last five minutes, one point a second, as a Grafana time series panel asks. */
  JsonObject queryRange(String expr) {
    Instant end = Instant.now();
    Instant start = end.minus(Duration.ofMinutes(5));
    return data(api("/api/v1/query_range?query=" + encode(expr) + "&start=" + start.getEpochSecond()
        + "&end=" + end.getEpochSecond() + "&step=1"), expr);
  }

  private static JsonObject data(JsonObject answer, String expr) {
    if (!"success".equals(answer.getString("status"))) {
      throw new AssertionError("Prometheus refused " + expr + ": " + answer.getString("errorType") + ": "
          + answer.getString("error"));
    }
    return answer.getJsonObject("data");
  }

  private JsonObject api(String path) {
    Http.Response response = http.get(path);
    if (response.status() != 200 && response.status() != 400 && response.status() != 422) {
      throw new AssertionError("Prometheus answered " + response.status() + " to " + path + ": " + response.body());
    }
    return response.json();
  }

  String log() {
    try {
      return Files.readString(folder.resolve("prometheus.log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(folder)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
