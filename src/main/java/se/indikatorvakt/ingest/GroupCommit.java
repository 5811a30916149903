package se.indikatorvakt.ingest;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import se.indikatorvakt.db.DatabaseUnavailableException;

/**
 * Natural batching of ingest transactions: a request that arrives while a transaction is being prepared (reading,
 * judging, writing: everything before its last flight) waits, and the next transaction to start takes every waiting
 * request it can, so that many requests share one commit and one fsync. With {@code maxInFlight} 1 (the default) the
 * next starts once the one before has committed; with more, as soon as the one before has sent its {@code COMMIT},
 * while that commit is flushed, and up to {@code maxInFlight} transactions may be committing at once.
 *
 * <p>The gathering window: a commit answers its callers, and a busy client sends its next request right after its
 * answer. Without a wait, the requests already waiting start the next transaction alone, the answered ones come back
 * a fraction of a millisecond later and wait for the one after, and the clients split into cohorts that take turns,
 * each paying a transaction's fixed cost (its round trips, statements and fsync) for a part of the load. So after a
 * commit, the next transaction waits until as many measurements wait as that commit answered, on top of those that
 * waited already (or a full group), and at most {@code gatherWindow} from the commit. An idle service waits for
 * nothing: a request that arrives when no commit came within the window starts its transaction at once.
 *
 * <p>Why one in preparation and not several: transactions prepared side by side split the waiting requests between
 * them, and a smaller group costs more per value (its statements, its commit), while values of the same series wait
 * for each other's locks in PostgreSQL anyway, which a transaction holds until its commit is flushed.
 *
 * <p>A group never holds the same measurement key twice (the statements take each key once), so a request whose
 * keys are already in the group, or in a request left waiting before it, waits for a later group and keys keep
 * their order of arrival. If a shared transaction fails for anything other than an unreachable database, each of its
 * requests runs again in a transaction of its own, so that an error reaches only the request that causes it.
 *
 * <p>All state is touched on one context only (the one this was built on); callers hop to it and their answers hop
 * back to theirs, so requests from every event loop can share a group without a lock.
 */
final class GroupCommit {
  private final Vertx vertx;
  private final Context home;
  private final BiFunction<List<MeasurementPipeline.Request>, Promise<Void>,
      Future<List<MeasurementPipeline.Report>>> transaction;
  private final int maxInFlight;
  private final int maxGroupSize;
  private final int maxWaiting;
  private final long gatherWindowMillis;
  private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
  /** The measurements of {@link #waiting}. */
  private int waitingSize;
  private int inFlight;
  /** Whether a transaction in flight has not yet sent its last flight: then no other may start. */
  private boolean preparing;
  /** Measurements the next transaction waits for while the gathering window after the last commit is open. */
  private int gathering;
  private long gatheringEnds = -1;

  /**
   * @param transaction runs the requests in one transaction and completes its promise once it has sent its last
   *     flight
   * @param gatherWindowMillis after a commit, how long the next transaction may wait for its callers' next requests
   */
  GroupCommit(Vertx vertx, BiFunction<List<MeasurementPipeline.Request>, Promise<Void>,
      Future<List<MeasurementPipeline.Report>>> transaction, int maxInFlight, int maxGroupSize, int maxWaiting,
      long gatherWindowMillis) {
    this.vertx = vertx;
    this.home = vertx.getOrCreateContext();
    this.transaction = transaction;
    this.maxInFlight = maxInFlight;
    this.maxGroupSize = maxGroupSize;
    this.maxWaiting = maxWaiting;
    this.gatherWindowMillis = gatherWindowMillis;
  }

  private record Waiting(MeasurementPipeline.Request request, Promise<MeasurementPipeline.Report> answer,
      Context caller) {
    void settle(AsyncResult<MeasurementPipeline.Report> result) {
      caller.runOnContext(v -> answer.handle(result));
    }
  }

  Future<MeasurementPipeline.Report> submit(MeasurementPipeline.Request request) {
    Waiting w = new Waiting(request, Promise.promise(), vertx.getOrCreateContext());
    home.runOnContext(v -> enqueue(w));
    return w.answer().future();
  }

  private void enqueue(Waiting w) {
    if (inFlight >= maxInFlight && waiting.size() >= maxWaiting) {
      w.settle(Future.failedFuture(new DatabaseUnavailableException(new IllegalStateException(
          waiting.size() + " requests already wait for an ingest transaction"))));
      return;
    }
    waiting.add(w);
    waitingSize += w.request().measurements().size();
    startWhatMay();
  }

  private void startWhatMay() {
    if (inFlight >= maxInFlight || preparing || waiting.isEmpty() || waitingSize < gathering) {
      return;
    }
    stopGathering();
    List<Waiting> group = nextGroup();
    inFlight++;
    preparing = true;
    Promise<Void> lastFlight = Promise.promise();
    lastFlight.future().onComplete(sent -> onHome(() -> {
      preparing = false;
      startWhatMay();
    }));
    int answered = group.stream().mapToInt(w -> w.request().measurements().size()).sum();
    run(group, lastFlight).onComplete(done -> onHome(() -> {
      // a transaction that failed before its last flight (no connection, say) never sent one
      lastFlight.tryComplete();
      inFlight--;
      gather(answered);
      startWhatMay();
    }));
  }

  /** After a commit that answered {@code answered} measurements: the next transaction waits for as many more. */
  private void gather(int answered) {
    if (gatherWindowMillis == 0) {
      return;
    }
    stopGathering();
    gathering = Math.min(maxGroupSize, waitingSize + answered);
    gatheringEnds = vertx.setTimer(gatherWindowMillis, id -> {
      gatheringEnds = -1;
      gathering = 0;
      startWhatMay();
    });
  }

  private void stopGathering() {
    if (gatheringEnds >= 0) {
      vertx.cancelTimer(gatheringEnds);
      gatheringEnds = -1;
    }
    gathering = 0;
  }

  private void onHome(Runnable action) {
    if (Vertx.currentContext() == home) {
      action.run();
    } else {
      home.runOnContext(v -> action.run());
    }
  }

  /** The first waiting request, and those after it that fit and share no key with the group or a skipped one. */
  private List<Waiting> nextGroup() {
    List<Waiting> group = new ArrayList<>();
    Set<MeasurementKey> taken = new HashSet<>();
    int size = 0;
    for (Iterator<Waiting> it = waiting.iterator(); it.hasNext(); ) {
      Waiting w = it.next();
      List<MeasurementInput> measurements = w.request().measurements();
      boolean fits = group.isEmpty() || size + measurements.size() <= maxGroupSize;
      boolean distinct = measurements.stream().noneMatch(m -> taken.contains(m.key()));
      for (MeasurementInput m : measurements) {
        taken.add(m.key());
      }
      if (fits && distinct) {
        group.add(w);
        size += measurements.size();
        waitingSize -= measurements.size();
        it.remove();
      }
      if (size >= maxGroupSize) {
        break;
      }
    }
    return group;
  }

  private Future<Void> run(List<Waiting> group, Promise<Void> lastFlight) {
    List<MeasurementPipeline.Request> requests = group.stream().map(Waiting::request).toList();
    return transaction.apply(requests, lastFlight).transform(result -> {
      if (result.succeeded()) {
        for (int i = 0; i < group.size(); i++) {
          group.get(i).settle(Future.succeededFuture(result.result().get(i)));
        }
        return Future.succeededFuture();
      }
      if (group.size() == 1 || result.cause() instanceof DatabaseUnavailableException) {
        group.forEach(w -> w.settle(Future.failedFuture(result.cause())));
        return Future.succeededFuture();
      }
      return oneByOne(group);
    });
  }

  private Future<Void> oneByOne(List<Waiting> group) {
    Future<Void> previous = Future.succeededFuture();
    for (Waiting w : group) {
      previous = previous.transform(ignored -> transaction.apply(List.of(w.request()), Promise.promise())
          .map(reports -> reports.get(0))
          .transform(result -> {
            w.settle(result);
            return Future.<Void>succeededFuture();
          }));
    }
    return previous;
  }
}
