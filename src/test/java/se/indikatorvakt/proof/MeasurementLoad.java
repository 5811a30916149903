package se.indikatorvakt.proof;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * A bounded load generator on 127.0.0.1: a fixed number of connections post measurements with
 * unique keys to one or more instances until a count or a deadline is reached, and every request's
 * outcome is kept, so that a test can compare what was answered 2xx with what PostgreSQL holds.
 *
 * <p>Two kinds of keys: calm ones (day-level, before any målvärde applies, so no alert ever) and
 * breaching ones (monthly andel far under its målvärde: each (unit, kön) series fires exactly once).
 */
public final class MeasurementLoad {
  private static final String[] GENDERS = {"T", "K", "M"};

  /** One measurement of the load. */
  public record Item(String indicator, String orgUnit, String gender, String period, double value) {
    public String key() {
      return indicator + "|" + orgUnit + "|" + gender + "|" + period;
    }

    public String series() {
      return indicator + "|" + orgUnit + "|" + gender;
    }

    JsonObject json() {
      return new JsonObject().put("indicator", indicator).put("orgUnit", orgUnit).put("gender", gender)
          .put("period", period).put("value", value);
    }
  }

  /** One request's final outcome: status -1 means no HTTP answer (connection refused, reset, timeout). */
  public record Outcome(List<Item> items, int status, String retryAfter, String contentType, String failure,
      long latencyNanos, int attempts, long finishedNanos) {
    public boolean acknowledged() {
      return status >= 200 && status < 300;
    }
  }

  /** What a run produced. */
  public record Report(List<Outcome> outcomes, Duration elapsed) {
    public List<Item> acknowledged() {
      return outcomes.stream().filter(Outcome::acknowledged).flatMap(o -> o.items().stream()).toList();
    }

    /** Items whose fate the client cannot know: sent, but no answer came back. */
    public List<Item> unknown() {
      return outcomes.stream().filter(o -> o.status() == -1).flatMap(o -> o.items().stream()).toList();
    }

    public List<Outcome> withStatus(int status) {
      return outcomes.stream().filter(o -> o.status() == status).toList();
    }

    public List<Outcome> serverErrorsOtherThan503() {
      return outcomes.stream().filter(o -> o.status() >= 500 && o.status() != 503).toList();
    }

    public List<Outcome> clientErrors() {
      return outcomes.stream().filter(o -> o.status() >= 400 && o.status() < 500).toList();
    }

    public Set<String> breachingSeriesAcknowledged() {
      return acknowledged().stream().filter(i -> i.indicator().equals(ProofCatalog.ANDEL)).map(Item::series)
          .collect(Collectors.toSet());
    }

    public double itemsPerSecond() {
      return acknowledged().size() / (elapsed.toNanos() / 1e9);
    }

    public long latencyPercentileMicros(double percentile) {
      List<Long> sorted = outcomes.stream().filter(Outcome::acknowledged).map(Outcome::latencyNanos).sorted().toList();
      if (sorted.isEmpty()) {
        return -1;
      }
      int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
      return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index))) / 1000;
    }

    public String summary() {
      return String.format("%d requests, %d items acknowledged, %d unknown, statuses %s, %.0f items/s",
          outcomes.size(), acknowledged().size(), unknown().size(),
          outcomes.stream().collect(Collectors.groupingBy(Outcome::status, Collectors.counting())), itemsPerSecond());
    }
  }

  private final List<Integer> ports;
  private final int units;
  private int firstUnit = 1;
  private int connections = 8;
  private int batchSize = 1;
  private int breachEvery;
  private long maxItems = 1000;
  private Duration maxDuration = Duration.ofSeconds(30);
  private int attemptsPerRequest = 1;
  private final AtomicLong calmSequence = new AtomicLong();
  private final AtomicLong breachSequence = new AtomicLong();
  private final AtomicLong itemsIssued = new AtomicLong();
  private final AtomicBoolean stopRequested = new AtomicBoolean();
  private final AtomicLong lastAcknowledged = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong acknowledgedItems = new AtomicLong();
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();

  private MeasurementLoad(List<Integer> ports, int units) {
    this.ports = List.copyOf(ports);
    this.units = units;
  }

  /** Load on the given API ports (spread round-robin) for a catalog with {@code units} enheter. */
  public static MeasurementLoad on(List<Integer> ports, int units) {
    return new MeasurementLoad(ports, units);
  }

  /** Keys use the enheter firstUnit .. firstUnit + units - 1 (default from 1). */
  public MeasurementLoad unitsFrom(int first) {
    this.firstUnit = first;
    return this;
  }

  public MeasurementLoad connections(int count) {
    this.connections = count;
    return this;
  }

  public MeasurementLoad batchSize(int size) {
    this.batchSize = size;
    return this;
  }

  /** Every n-th item is a breaching one (0: none). */
  public MeasurementLoad breachEvery(int n) {
    this.breachEvery = n;
    return this;
  }

  public MeasurementLoad maxItems(long count) {
    this.maxItems = count;
    return this;
  }

  public MeasurementLoad maxDuration(Duration duration) {
    this.maxDuration = duration;
    return this;
  }

  /**
   * How often a request is tried, moving to the next instance each time, as a client behind a load
   * balancer does after a refused connection, a reset or a 503. Safe because posting is idempotent.
   */
  public MeasurementLoad attemptsPerRequest(int attempts) {
    this.attemptsPerRequest = attempts;
    return this;
  }

  public void stop() {
    stopRequested.set(true);
  }

  /** Items answered 2xx so far, while the load runs. */
  public long acknowledgedSoFar() {
    return acknowledgedItems.get();
  }

  /** System.nanoTime() of the latest 2xx so far, for tests that wait for the service to accept again. */
  public long lastAcknowledgedNanos() {
    return lastAcknowledged.get();
  }

  /** Runs the load on its own threads and returns when the count, the deadline or stop() is reached. */
  public Report run() {
    ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    long started = System.nanoTime();
    long deadline = started + maxDuration.toNanos();
    ExecutorService pool = Executors.newFixedThreadPool(connections);
    for (int c = 0; c < connections; c++) {
      int worker = c;
      pool.execute(() -> {
        int request = 0;
        while (!stopRequested.get() && System.nanoTime() < deadline) {
          List<Item> items = nextItems();
          if (items.isEmpty()) {
            return;
          }
          outcomes.add(post(items, worker + request++ * connections));
        }
      });
    }
    pool.shutdown();
    try {
      if (!pool.awaitTermination(maxDuration.toSeconds() + 120, TimeUnit.SECONDS)) {
        pool.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<Outcome> all = new ArrayList<>(outcomes);
    all.sort((a, b) -> Long.compare(a.finishedNanos(), b.finishedNanos()));
    return new Report(Collections.unmodifiableList(all), Duration.ofNanos(System.nanoTime() - started));
  }

  private List<Item> nextItems() {
    List<Item> items = new ArrayList<>(batchSize);
    for (int i = 0; i < batchSize; i++) {
      long n = itemsIssued.getAndIncrement();
      if (n >= maxItems) {
        break;
      }
      items.add(breachEvery > 0 && n % breachEvery == breachEvery - 1 ? breaching(breachSequence.getAndIncrement())
          : calm(calmSequence.getAndIncrement()));
    }
    return items;
  }

  /** A day before any målvärde applies (inget mål): stored, evaluated, never alerting. */
  public Item calm(long n) {
    return new Item(ProofCatalog.DAGAR, ProofCatalog.unit((int) (n % units) + firstUnit), GENDERS[(int) (n / units % 3)],
        LocalDate.of(2000, 1, 1).plusDays(n / (3L * units)).toString(), 7);
  }

  /**
   * A month of 2021–2025 with andel 40 % against målvärde >= 80 %: ej uppfyllt, so its series fires
   * once. After 60 months per series the keys repeat, which posting answers with "unchanged".
   */
  public Item breaching(long n) {
    return new Item(ProofCatalog.ANDEL, ProofCatalog.unit((int) (n % units) + firstUnit), GENDERS[(int) (n / units % 3)],
        YearMonth.of(2021, 1).plusMonths(n / (3L * units) % 60).toString(), ProofCatalog.ANDEL_NOT_MET);
  }

  private Outcome post(List<Item> items, int spread) {
    String body = items.size() == 1 && batchSize == 1 ? items.get(0).json().encode()
        : new JsonArray(items.stream().map(Item::json).toList()).encode();
    long started = System.nanoTime();
    int status = -1;
    String retryAfter = null;
    String contentType = null;
    String failure = null;
    int attempt = 0;
    while (attempt < attemptsPerRequest) {
      int port = ports.get((spread + attempt) % ports.size());
      attempt++;
      try {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/v1/measurements"))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", ProofEnv.BEARER)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        status = response.statusCode();
        retryAfter = response.headers().firstValue("Retry-After").orElse(null);
        contentType = response.headers().firstValue("Content-Type").orElse(null);
        failure = status >= 300 ? response.body() : null;
        if (status != 503) {
          break;
        }
      } catch (IOException e) {
        status = -1;
        failure = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure = e.toString();
        break;
      }
    }
    long finished = System.nanoTime();
    if (status >= 200 && status < 300) {
      lastAcknowledged.accumulateAndGet(finished, Math::max);
      acknowledgedItems.addAndGet(items.size());
    }
    return new Outcome(items, status, retryAfter, contentType, failure, finished - started, attempt, finished);
  }
}
