package se.indikatorvakt.scale;

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
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import se.indikatorvakt.Settings;
import se.indikatorvakt.catalog.Catalog;
import se.indikatorvakt.catalog.CatalogLoader;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.db.Migrations;
import se.indikatorvakt.proof.Machine;
import se.indikatorvakt.proof.ServiceProcess;
import se.indikatorvakt.support.TestDatabases;
import se.indikatorvakt.support.TestService;

/**
 * Resident memory of the packaged service at {@code bench.series} series (issue 16: under 300 MB at 100 000 series
 * under load); not part of the normal suite, and it needs the jar ({@code mvn -B -ntp package -DskipTests}):
 * {@code mvn -B -ntp -Pbench test -Dtest=ServiceMemoryBench -Dsurefire.failIfNoSpecifiedTests=false}.
 *
 * <p>{@code java -jar target/indikatorvakt.jar} runs as its own process with the shipped JVM defaults, on a durable
 * database of the test PostgreSQL (a separate process, whose memory is not the service's) holding one year of values
 * of every series of generated kommuner ({@link GeneratedInstallation}, {@link ScaleValues}) until there are at least
 * {@code bench.series} series, every one with gauges ({@code metrics.maxSeries} raised to that, the shipped 20 000
 * would expose a fifth). After the gauges' first read, for {@code bench.seconds}: {@link #POSTERS} connections revise
 * the latest value of kommun 9001's series, so that the domain page is written again after every refresh, while one
 * client scrapes {@code /metrics} with gzip as Prometheus does, and {@code /metrics?kommun=9001} between. VmRSS every
 * 200 ms and VmHWM (the kernel's peak) come from /proc; heap, non-heap and buffers from the service's own JVM meters;
 * after the figures, the service's heap histogram (jcmd GC.class_histogram, a full GC) shows what holds the heap.
 */
@Tag("bench")
class ServiceMemoryBench {
  private static final int SERIES = Integer.getInteger("bench.series", 100_000);
  private static final int SECONDS = Integer.getInteger("bench.seconds", 60);
  /**
   * Units per generated kommun: large kommuner, so that 100 000 series take some 30 of them, whose catalog a cold JVM
   * on a loaded 2-core machine loads well within the service's start-up bound of 60 s (91 kommuner of 30 units did not).
   */
  private static final int UNITS = Integer.getInteger("bench.units", 100);
  private static final int POSTERS = 4;
  /** {@code -Dbench.nativeMemory=true}: the second process also tracks its native memory and prints it (costs some). */
  private static final boolean NATIVE_MEMORY = Boolean.getBoolean("bench.nativeMemory");
  /** {@code -Dbench.defaults=false}: leaves out the process with the JVM's defaults (known to miss the goal). */
  private static final boolean DEFAULTS = !"false".equals(System.getProperty("bench.defaults"));
  /**
   * {@code -Dbench.variants='-XX:A|-XX:B -XX:C'}: after the shipped settings, one more process per variant with those
   * arguments added to them, on the same database in the same run, so that a setting is judged against the shipped
   * ones at the same moment of the machine.
   */
  private static final String VARIANTS = System.getProperty("bench.variants", "");
  private static final double GOAL_MB = 300;
  private static final String MEASURED = GeneratedInstallation.code(1);
  private static final String POSTED_INDICATOR = "forhandsbedomningar-over-14-dagar";
  /** The JVM's settings shipped beside application.yaml. */
  private static final Path JVM_OPTIONS = Path.of("config", "jvm.options");
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void residentMemoryAtOneHundredThousandSeriesUnderLoad() throws Exception {
    if (!Files.isRegularFile(ServiceProcess.JAR)) {
      throw new AssertionError(ServiceProcess.JAR + " is missing: mvn -B -ntp package -DskipTests builds it");
    }
    String startLoad = loadAverage();
    System.out.println(Machine.describe());
    System.out.println("commit " + commit() + ", load average at start " + startLoad);
    Path work = Path.of(System.getProperty("indikatorvakt.test.work", "target/test-work")).toAbsolutePath();
    Path config = Files.createTempDirectory(Files.createDirectories(work), "memory-");
    DatabaseUrl database = TestDatabases.create();
    try {
      Map<String, String> env = TestService.env(database);
      env.remove("INDIKATORVAKT_HTTP_INSTANCES");
      env.remove("INDIKATORVAKT_SHUTDOWN_TIMEOUT");
      env.put("INDIKATORVAKT_CONFIG_DIR", config.toString());
      env.put("INDIKATORVAKT_SECURITY_RATE_LIMIT_PER_SECOND", "1000000");
      env.put("INDIKATORVAKT_SECURITY_RATE_LIMIT_BURST", "1000000");
      env.put("INDIKATORVAKT_METRICS_MAX_SERIES", Integer.toString(SERIES));
      // about 37 series per unit with one year of values; a few more kommuner than needed, then count
      int kommuner = (int) Math.ceil(SERIES / (36.0 * UNITS));
      GeneratedInstallation.write(config, kommuner, UNITS);
      Settings settings = Settings.load(env);
      Catalog catalog = CatalogLoader.load(config, settings.alerting().defaults()).catalog();
      Migrations.migrate(database);
      ScaleValues.Loaded loaded;
      List<String> bodies;
      try (Connection jdbc = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password())) {
        loaded = ScaleValues.load(jdbc, catalog, Instant.now(), settings.notification().timeZone(), 1);
        bodies = revisions(jdbc);
      }
      System.out.printf("%d kommuner x %d units: %d values in %d series, loaded in %.0f s%n", kommuner, UNITS,
          loaded.values(), loaded.series(), (loaded.copyMillis() + loaded.indexMillis()) / 1000.0);
      if (loaded.series() < SERIES) {
        throw new AssertionError("only " + loaded.series() + " series, fewer than " + SERIES);
      }
      env.put("INDIKATORVAKT_METRICS_MAX_SERIES", Long.toString(loaded.series()));

      List<String> rows = new ArrayList<>();
      if (DEFAULTS) {
        rows.add(measure("`java -jar target/indikatorvakt.jar` (the JVM's defaults)", List.of(), env, bodies,
            loaded.series()));
      }
      List<String> shipped = new ArrayList<>(List.of("@" + JVM_OPTIONS.toAbsolutePath()));
      if (NATIVE_MEMORY) {
        shipped.add("-XX:NativeMemoryTracking=summary");
      }
      rows.add(measure("`java @config/jvm.options -jar target/indikatorvakt.jar`", shipped, env, bodies,
          loaded.series()));
      for (String variant : VARIANTS.split("\\|")) {
        if (!variant.isBlank()) {
          List<String> arguments = new ArrayList<>(shipped);
          arguments.addAll(List.of(variant.trim().split("\\s+")));
          rows.add(measure("`java @config/jvm.options " + variant.trim() + " -jar target/indikatorvakt.jar`", arguments,
              env, bodies, loaded.series()));
        }
      }
      String endLoad = loadAverage();
      System.out.println();
      System.out.println("| figure | measured | limit | ratio | goal |");
      System.out.println("|---|---|---|---|---|");
      rows.forEach(System.out::println);
      System.out.printf("%nresident memory at %d series: %s; commit %s; load average %s -> %s; the PostgreSQL server "
          + "is a separate process, not counted%n", loaded.series(), Machine.describe(), commit(), startLoad, endLoad);
    } finally {
      TestDatabases.drop(database);
      delete(config);
    }
  }

  /** One service process on the loaded database: idle after the first read, then under load; its table row. */
  private static String measure(String label, List<String> jvmArguments, Map<String, String> env, List<String> bodies,
      long series) throws Exception {
    ServiceProcess service = ServiceProcess.start("memory", env, jvmArguments);
    try {
      Duration ready = service.awaitReady(Duration.ofSeconds(120));
      long started = System.nanoTime();
      awaitDomainSeries(service, Duration.ofMinutes(10));
      System.out.printf("%s: ready after %.1f s, every series read %.1f s later%n", label, ready.toMillis() / 1000.0,
          (System.nanoTime() - started) / 1e9);
      long idle = status(service.pid(), "VmRSS");

      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger posted = new AtomicInteger();
      AtomicInteger refused = new AtomicInteger();
      List<Long> resident = new CopyOnWriteArrayList<>();
      List<Long> scrapeMillis = new CopyOnWriteArrayList<>();
      long[] gzipBytes = new long[1];
      List<Thread> threads = new ArrayList<>();
      for (int p = 0; p < POSTERS; p++) {
        int first = p;
        threads.add(started(() -> post(service, bodies, first, stop, posted, refused)));
      }
      threads.add(started(() -> {
        while (!stop.get()) {
          long kb = status(service.pid(), "VmRSS");
          if (kb > 0) {
            resident.add(kb);
          }
          pause(200);
        }
      }));
      threads.add(started(() -> {
        while (!stop.get()) {
          long sent = System.nanoTime();
          gzipBytes[0] = scrape(service.managementPort(), "/metrics").length;
          scrapeMillis.add((System.nanoTime() - sent) / 1_000_000);
          scrape(service.managementPort(), "/metrics?kommun=" + MEASURED);
          pause(500);
        }
      }));
      pause(SECONDS * 1000L);
      stop.set(true);
      for (Thread thread : threads) {
        thread.join(TimeUnit.MINUTES.toMillis(2));
      }

      long peak = status(service.pid(), "VmHWM");
      long median = median(resident);
      long max = resident.stream().mapToLong(Long::longValue).max().orElse(-1);
      String jvm = jvmMeters(service.managementPort());
      String heapInfo = jcmd(service.pid(), "GC.heap_info");
      String histogram = jcmd(service.pid(), "GC.class_histogram");
      System.out.printf("%s, threads of the service: %d; VmRSS %d kB = RssAnon %d + RssFile %d + RssShmem %d%n", label,
          status(service.pid(), "Threads"), status(service.pid(), "VmRSS"), status(service.pid(), "RssAnon"),
          status(service.pid(), "RssFile"), status(service.pid(), "RssShmem"));
      if (jvmArguments.stream().anyMatch(argument -> argument.startsWith("-XX:NativeMemoryTracking"))) {
        System.out.println("jcmd VM.native_memory summary:\n" + jcmd(service.pid(), "VM.native_memory summary"));
      }
      System.out.println("the service's JVM meters at the end of the load: " + jvm);
      System.out.println("jcmd GC.heap_info after the load:\n" + heapInfo);
      System.out.println("jcmd GC.class_histogram after the load (top 25):\n"
          + histogram.lines().limit(28).reduce("", (a, b) -> a + b + "\n"));
      System.out.printf("under load: %d POSTs answered 201 (%d not), %d gzip scrapes of /metrics (%d kB), "
          + "scrape p50 %d ms, max %d ms; load average %s%n", posted.get(), refused.get(), scrapeMillis.size(),
          gzipBytes[0] / 1024, median(scrapeMillis), scrapeMillis.stream().mapToLong(Long::longValue).max().orElse(-1),
          loadAverage());
      boolean met = peak * 1024 / 1e6 < GOAL_MB;
      System.out.printf("goal resident memory < 300 MB at %d series under load, %s: %s (peak VmHWM %s, median VmRSS "
          + "%s)%n", series, label, met ? "met" : "MISSED", mb(peak), mb(median));
      return String.format("| resident memory of %s at %d series (all with gauges) while %d connections revise values "
          + "and /metrics is scraped (gzip), %d s | VmRSS median %s, max %s; peak VmHWM %s (idle after the first read "
          + "%s) | %.0f MB | %.2f (peak) | < 300 MB: %s |", label, series, POSTERS, SECONDS, mb(median), mb(max),
          mb(peak), mb(idle), GOAL_MB, peak * 1024 / 1e6 / GOAL_MB, met ? "met" : "**missed**");
    } finally {
      service.stop();
    }
  }

  private static Thread started(Runnable work) {
    Thread thread = new Thread(work);
    thread.start();
    return thread;
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String commit() {
    try {
      Process git = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
      String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return git.waitFor() == 0 ? out : "unknown";
    } catch (IOException | InterruptedException e) {
      return "unknown";
    }
  }

  /** One revision body per (unit, latest day) of kommun 9001's posted indicator, kön T; values vary per round. */
  private static List<String> revisions(Connection jdbc) throws Exception {
    List<String> bodies = new ArrayList<>();
    try (Statement s = jdbc.createStatement(); ResultSet rs = s.executeQuery("""
        SELECT org_unit_id, max(period) FROM measurement
         WHERE kommun = '%s' AND indicator_id = '%s' AND gender = 'T' GROUP BY org_unit_id ORDER BY 1"""
        .formatted(MEASURED, POSTED_INDICATOR))) {
      while (rs.next()) {
        bodies.add("{\"indicator\":\"" + POSTED_INDICATOR + "\",\"orgUnit\":\"" + rs.getString(1)
            + "\",\"period\":\"" + rs.getString(2) + "\",\"value\":%d}");
      }
    }
    if (bodies.isEmpty()) {
      throw new AssertionError("kommun " + MEASURED + " has no values of " + POSTED_INDICATOR);
    }
    return bodies;
  }

  private static void post(ServiceProcess service, List<String> bodies, int first, AtomicBoolean stop,
      AtomicInteger posted, AtomicInteger refused) {
    for (int i = first; !stop.get(); i += POSTERS) {
      String body = bodies.get(i % bodies.size()).formatted(i / bodies.size() % 40);
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.apiPort()
              + "/api/v1/measurements")).timeout(Duration.ofSeconds(30))
          .header("Authorization", "Bearer dev-indikatorvakt-local-key").header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build();
      try {
        int status = HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        (status == 201 || status == 200 ? posted : refused).incrementAndGet();
      } catch (IOException e) {
        refused.incrementAndGet();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static byte[] scrape(int port, String path) {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofMinutes(2)).header("Accept-Encoding", "gzip").GET().build();
    try {
      HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new AssertionError(path + " answered " + response.statusCode());
      }
      return response.body();
    } catch (IOException e) {
      throw new AssertionError(path + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new byte[0];
    }
  }

  /** Until kommun 9001's page has its value gauges: the gauges' first read of every series is published. */
  private static void awaitDomainSeries(ServiceProcess service, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.managementPort()
        + "/metrics?kommun=" + MEASURED)).GET().build();
    while (!HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body()
        .contains("\nindikatorvakt_indicator_value{")) {
      if (System.nanoTime() > deadline || !service.alive()) {
        throw new AssertionError("no domain series within " + timeout + "; log: " + service.tail());
      }
      pause(200);
    }
  }

  /** Heap, non-heap and buffer pools as the service's own JVM meters count them, in MiB. */
  private static String jvmMeters(int port) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics?kommun=none"))
        .GET().build();
    double[] sums = new double[5];
    for (String line : HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body().lines().toList()) {
      int index = line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"") ? 0
          : line.startsWith("jvm_memory_committed_bytes{") && line.contains("area=\"heap\"") ? 1
          : line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"nonheap\"") ? 2
          : line.startsWith("jvm_memory_committed_bytes{") && line.contains("area=\"nonheap\"") ? 3
          : line.startsWith("jvm_buffer_memory_used_bytes{") ? 4 : -1;
      if (index >= 0) {
        sums[index] += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return String.format("heap used %.0f MiB of %.0f MiB committed, non-heap used %.0f MiB of %.0f MiB committed, "
        + "buffer pools (direct, mapped) %.0f MiB", sums[0] / 1048576, sums[1] / 1048576, sums[2] / 1048576,
        sums[3] / 1048576, sums[4] / 1048576);
  }

  private static String jcmd(long pid, String command) {
    try {
      Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
          Long.toString(pid), command).redirectErrorStream(true).start();
      String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      jcmd.waitFor(2, TimeUnit.MINUTES);
      return out;
    } catch (IOException e) {
      return "(jcmd " + command + " failed: " + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "(interrupted)";
    }
  }

  /** A number field of /proc/<pid>/status (kB for the Vm* ones); -1 once the process is gone. */
  private static long status(long pid, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith(field + ":")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException gone) {
      return -1;
    }
    return -1;
  }

  private static String mb(long kb) {
    return String.format("%.0f MB (%.0f MiB)", kb * 1024 / 1e6, kb / 1024.0);
  }

  private static long median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.isEmpty() ? -1 : sorted.get(sorted.size() / 2);
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }
}
