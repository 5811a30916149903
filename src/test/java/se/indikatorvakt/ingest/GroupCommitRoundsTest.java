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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import se.indikatorvakt.catalog.Catalog;
import se.indikatorvakt.catalog.Gender;
import se.indikatorvakt.catalog.Indicator;
import se.indikatorvakt.catalog.Period;
import se.indikatorvakt.catalog.PeriodType;

/**
 * The rounds the batcher forms: one transaction is prepared at a time, and requests that arrive meanwhile wait and
 * share the next, which starts as soon as the one before has sent its last flight (its {@code COMMIT}), while that
 * commit is flushed; at most {@code maxInFlight} transactions are in flight. After a commit, the next waits (at most
 * the gathering window) for as many requests as that commit answered. Each transaction here is a pair of
 * promises the test completes (its last flight sent, its commit answered), so every round is seen as the batcher
 * forms it.
 */
class GroupCommitRoundsTest {
  private static final Catalog CATALOG = IngestTestData.shippedCatalog();
  private static final Indicator INDICATOR = CATALOG.indicator("forhandsbedomningar-over-14-dagar").orElseThrow();

  private Vertx vertx;
  /** The batcher's own context: its state lives there, and so do the completions of its transactions. */
  private Context home;
  private final List<Started> started = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    home = vertx.getOrCreateContext();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private record Started(List<MeasurementPipeline.Request> requests, Promise<Void> lastFlight,
      Promise<List<MeasurementPipeline.Report>> commit) {}

  /** The round sends its COMMIT; the server has not answered it yet. */
  private void send(Started round) throws Exception {
    onHome(() -> round.lastFlight().complete());
  }

  /** The round's COMMIT is answered. */
  private void commit(Started round) throws Exception {
    onHome(() -> round.commit().complete(
        round.requests().stream().map(r -> new MeasurementPipeline.Report(List.of())).toList()));
  }

  @ParameterizedTest(name = "{0} in flight: the first round holds one request, the next the {1} that waited")
  @CsvSource({"1, 11", "2, 11", "4, 11"})
  void requestsArrivingWhileATransactionIsPreparedShareTheNext(int inFlight, int waited) throws Exception {
    GroupCommit groups = batcher(inFlight);
    List<Future<MeasurementPipeline.Report>> answers = submit(groups, 0, 12);
    assertThat(sizes()).as("while the first is prepared").containsExactly(1);

    send(started.get(0));
    assertThat(sizes()).as("once the first sent its COMMIT").containsExactly(inFlight > 1 ? new Integer[] {1, waited}
        : new Integer[] {1});
    commit(started.get(0));
    assertThat(sizes()).as("once the first committed").containsExactly(1, waited);

    send(started.get(1));
    commit(started.get(1));
    for (Future<MeasurementPipeline.Report> answer : answers) {
      assertThat(answer.await(10, TimeUnit.SECONDS)).isNotNull();
    }
  }

  @Test
  void noMoreThanTheAllowedTransactionsAreInFlightEvenWhenAllHaveSentTheirCommits() throws Exception {
    GroupCommit groups = batcher(2);
    submit(groups, 0, 1);
    send(started.get(0));
    submit(groups, 1, 3);
    assertThat(sizes()).as("the second started as the first sent its COMMIT").containsExactly(1, 1);
    send(started.get(1));
    submit(groups, 4, 2);
    assertThat(sizes()).as("both committing: the four others wait").containsExactly(1, 1);

    commit(started.get(0));
    assertThat(sizes()).as("the first committed: the waiting ones share the third").containsExactly(1, 1, 4);
  }

  @Test
  void afterACommitTheNextTransactionWaitsForAsManyRequestsAsThatCommitAnswered() throws Exception {
    GroupCommit groups = batcher(1, 64, HOUR);
    submit(groups, 0, 3);
    send(started.get(0));
    commit(started.get(0));
    assertThat(sizes()).as("two waited, one was answered: the next waits for a third").containsExactly(1);

    submit(groups, 3, 1);
    assertThat(sizes()).as("the answered caller's next request came").containsExactly(1, 3);
  }

  @Test
  void theGatheringWindowBoundsTheWait() throws Exception {
    GroupCommit groups = batcher(1, 64, 50);
    submit(groups, 0, 3);
    send(started.get(0));
    long committed = System.nanoTime();
    commit(started.get(0));
    assertThat(sizes()).as("right after the commit").containsExactly(1);

    waitForRounds(2);
    assertThat(sizes()).as("the window passed: the two that waited go alone").containsExactly(1, 2);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - committed)).isGreaterThanOrEqualTo(50);
  }

  @Test
  void anIdleServiceStartsARequestAtOnceAndAFullGroupDoesNotWait() throws Exception {
    GroupCommit groups = batcher(1, 2, HOUR);
    submit(groups, 0, 1);
    assertThat(sizes()).as("no commit came before: nothing to wait for").containsExactly(1);

    submit(groups, 1, 2);
    send(started.get(0));
    commit(started.get(0));
    assertThat(sizes()).as("the two that waited fill a group of two").containsExactly(1, 2);
  }

  private static final long HOUR = TimeUnit.HOURS.toMillis(1);

  private void waitForRounds(int rounds) throws Exception {
    for (int polls = 0; started.size() < rounds && polls < 1000; polls++) {
      TimeUnit.MILLISECONDS.sleep(10);
    }
  }

  private GroupCommit batcher(int inFlight) throws Exception {
    return batcher(inFlight, 64, 0);
  }

  private GroupCommit batcher(int inFlight, int maxGroupSize, long gatherWindowMillis) throws Exception {
    Promise<GroupCommit> built = Promise.promise();
    home.runOnContext(v -> built.complete(new GroupCommit(vertx, (batch, lastFlight) -> {
      Promise<List<MeasurementPipeline.Report>> commit = Promise.promise();
      started.add(new Started(batch, lastFlight, commit));
      return commit.future();
    }, inFlight, maxGroupSize, 1000, gatherWindowMillis)));
    return built.future().await(10, TimeUnit.SECONDS);
  }

  /** Requests of days {@code first} to {@code first + count - 1}, each seen by the batcher before the next is sent. */
  private List<Future<MeasurementPipeline.Report>> submit(GroupCommit groups, int first, int count) throws Exception {
    List<Future<MeasurementPipeline.Report>> answers = new ArrayList<>();
    for (int day = first; day < first + count; day++) {
      answers.add(groups.submit(request(day)));
      onHome(() -> {});
    }
    return answers;
  }

  private List<Integer> sizes() {
    return started.stream().map(s -> s.requests().size()).toList();
  }

  /**
   * Runs the action on the batcher's context and returns once the tasks it queued there ran too: the context runs its
   * tasks in order, so a task queued behind them has seen them done.
   */
  private void onHome(Runnable action) throws Exception {
    Promise<Void> done = Promise.promise();
    home.runOnContext(v -> {
      action.run();
      home.runOnContext(w -> done.complete());
    });
    done.future().await(10, TimeUnit.SECONDS);
  }

  private static MeasurementPipeline.Request request(int day) {
    Period period = Period.containing(PeriodType.DAY, LocalDate.of(2020, 1, 1).plusDays(day));
    MeasurementInput m = new MeasurementInput(0, "", "0880", INDICATOR, "familjeratten", Gender.T, period, 3,
        Optional.empty(), Optional.empty(), Optional.empty());
    return new MeasurementPipeline.Request(CATALOG, List.of(m), "test");
  }
}
