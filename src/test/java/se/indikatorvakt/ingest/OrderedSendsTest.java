package se.indikatorvakt.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The order in which a large batch's statements reach PostgreSQL: each chunk's insert, then the savepoint's release and
 * the alert engine's reads, which must see every chunk's rows. The chunks are judged on workers, and a worker that
 * finishes a small chunk first completes its future before anything waits on it; the statements must still go out in
 * the order they were added, or the alert reads behind a small last chunk miss the breaches of the chunk before it.
 */
class OrderedSendsTest {
  private final List<String> wire = new ArrayList<>();

  private Future<String> statement(String name) {
    wire.add(name);
    return Future.succeededFuture(name);
  }

  @Test
  void aSmallLastChunkJudgedBeforeTheChunkBeforeItIsStillInsertedAfterItAndTheAlertReadsAfterBoth() {
    OrderedSends order = new OrderedSends();
    Promise<String> firstChunk = Promise.promise();
    // the small last chunk: its worker finished before the event loop attached anything to it
    Future<String> lastChunk = Future.succeededFuture("last chunk");

    order.send(firstChunk.future(), this::statement);
    order.send(lastChunk, this::statement);
    order.send(lastChunk, v -> statement("alert reads"));
    assertThat(wire).as("nothing goes out before the first chunk is judged").isEmpty();
    firstChunk.complete("first chunk");

    assertThat(wire).containsExactly("first chunk", "last chunk", "alert reads");
  }

  @Test
  void chunksJudgedInReverseOrderAreInsertedInTheOrderTheyWereAdded() {
    OrderedSends order = new OrderedSends();
    List<Promise<String>> chunks = List.of(Promise.promise(), Promise.promise(), Promise.promise());
    List<Future<String>> answers = new ArrayList<>();
    for (Promise<String> chunk : chunks) {
      answers.add(order.send(chunk.future(), this::statement));
    }

    chunks.get(2).complete("chunk 3");
    chunks.get(1).complete("chunk 2");
    assertThat(wire).isEmpty();
    chunks.get(0).complete("chunk 1");

    assertThat(wire).containsExactly("chunk 1", "chunk 2", "chunk 3");
    assertThat(answers).allMatch(Future::succeeded);
  }

  @Test
  void aChunkWhoseJudgingFailedSendsNeitherItsInsertNorAnyStatementAfterIt() {
    OrderedSends order = new OrderedSends();
    Promise<String> failing = Promise.promise();
    Future<String> first = order.send(Future.succeededFuture("chunk 1"), this::statement);
    Future<String> second = order.send(failing.future(), this::statement);
    Future<String> reads = order.send(Future.succeededFuture("ready"), v -> statement("alert reads"));

    failing.fail(new IllegalStateException("judging failed"));

    assertThat(wire).containsExactly("chunk 1");
    assertThat(first.succeeded()).isTrue();
    assertThat(second.cause()).hasMessage("judging failed");
    assertThat(reads.cause()).hasMessage("judging failed");
  }
}
