package se.indikatorvakt.ingest;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.function.Function;

/**
 * Statements of one connection sent in the order they were added, each as soon as what it needs is ready and every
 * statement added before it has been sent, whichever was ready first. A large batch's chunks are judged on workers, and
 * a worker that finishes a small chunk before the event loop attaches to its future completes that future at once:
 * what was attached to it then runs inline, ahead of whatever was still to run for the chunk before. An order that
 * rested on the order of attachment sent a small last chunk's insert, and the alert engine's reads behind it, before
 * the insert of the chunk before it now and then, and those reads missed that chunk's rows.
 */
final class OrderedSends {
  /** Completes once the statement added last has been sent; fails if it never will be. */
  private Future<Void> last = Future.succeededFuture();

  /**
   * Sends {@code statement} with what {@code ready} answers, once it has and every statement added before has been
   * sent; answers what the statement answers. If {@code ready} or an earlier one fails, this statement and every later
   * one are never sent, and their answers fail with that cause.
   */
  <P, R> Future<R> send(Future<P> ready, Function<P, Future<R>> statement) {
    Future<Void> before = last;
    Promise<Void> sent = Promise.promise();
    last = sent.future();
    Future<R> answer = Future.all(ready, before).compose(both -> {
      Future<R> answered = statement.apply(ready.result());
      sent.complete();
      return answered;
    });
    answer.onFailure(sent::tryFail);
    return answer;
  }
}
