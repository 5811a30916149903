package se.indikatorvakt.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import se.indikatorvakt.catalog.Catalog;
import se.indikatorvakt.catalog.Gender;
import se.indikatorvakt.catalog.Indicator;
import se.indikatorvakt.catalog.Period;
import se.indikatorvakt.catalog.PeriodType;

/**
 * How many shared ingest transactions run at once decides how large the groups grow: requests that arrive while the
 * allowed transactions run wait and then share one. Values posted to the same series serialise on its lock in
 * PostgreSQL anyway, so a transaction started beside a running one would only hold a connection and a commit of its
 * own. The transaction here is a promise the test completes, so every round is seen as the batcher forms it.
 */
class GroupCommitRoundsTest {
  private static final Catalog CATALOG = IngestTestData.shippedCatalog();
  private static final Indicator INDICATOR = CATALOG.indicator("forhandsbedomningar-over-14-dagar").orElseThrow();

  private Vertx vertx;
  /** The batcher's own context: its state lives there, and so do the completions of its transactions. */
  private Context home;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    home = vertx.getOrCreateContext();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private record Started(List<MeasurementPipeline.Request> requests,
      Promise<List<MeasurementPipeline.Report>> commit) {}

  private void commit(Started round) {
    home.runOnContext(v -> round.commit().complete(
        round.requests().stream().map(r -> new MeasurementPipeline.Report(List.of())).toList()));
  }

  @ParameterizedTest(name = "{0} in flight, {1} requests: the first rounds hold {2}")
  @CsvSource({
      "1, 12, '1, 11'",
      "2, 12, '1, 1, 10'",
      "4, 12, '1, 1, 1, 1, 8'",
  })
  void requestsArrivingWhileTheAllowedTransactionsRunShareTheNext(int inFlight, int requests, String expected)
      throws Exception {
    List<Started> started = new CopyOnWriteArrayList<>();
    Promise<GroupCommit> built = Promise.promise();
    home.runOnContext(v -> built.complete(new GroupCommit(vertx, batch -> {
      Promise<List<MeasurementPipeline.Report>> commit = Promise.promise();
      started.add(new Started(batch, commit));
      return commit.future();
    }, inFlight, 64, 1000)));
    GroupCommit groups = built.future().await(10, TimeUnit.SECONDS);

    List<Future<MeasurementPipeline.Report>> answers = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      answers.add(groups.submit(request(i)));
      // each request reaches the batcher before the next: the first ones start transactions of their own
      awaitSubmitted();
    }
    assertThat(started).extracting(s -> s.requests().size()).as("rounds while nothing committed")
        .hasSize(inFlight);
    started.forEach(this::commit);
    awaitRounds(started, inFlight + 1);

    assertThat(started).extracting(s -> s.requests().size())
        .containsExactlyElementsOf(List.of(expected.split(", ")).stream().map(Integer::valueOf).toList());
    commit(started.get(inFlight));
    for (Future<MeasurementPipeline.Report> answer : answers) {
      assertThat(answer.await(10, TimeUnit.SECONDS)).isNotNull();
    }
  }

  /** The batcher's context runs its tasks in order: a task queued behind a submission has seen it enqueued. */
  private void awaitSubmitted() throws Exception {
    Promise<Void> behind = Promise.promise();
    home.runOnContext(v -> behind.complete());
    behind.future().await(10, TimeUnit.SECONDS);
  }

  private static void awaitRounds(List<Started> started, int rounds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (started.size() < rounds && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
  }

  private static MeasurementPipeline.Request request(int day) {
    Period period = Period.containing(PeriodType.DAY, LocalDate.of(2020, 1, 1).plusDays(day));
    MeasurementInput m = new MeasurementInput(0, "", "0880", INDICATOR, "familjeratten", Gender.T, period, 3,
        Optional.empty(), Optional.empty(), Optional.empty());
    return new MeasurementPipeline.Request(CATALOG, List.of(m), "test");
  }
}
