package se.indikatorvakt.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.function.Function;

/**
 * A transaction whose BEGIN travels with its first statements. {@link Pool#withTransaction} waits for BEGIN's answer
 * before it runs the body, one round trip of its own per transaction; here BEGIN is queued on the connection and
 * the body's statements follow it in the same pipeline (PostgreSQL runs them in order, inside the transaction).
 * COMMIT is sent once the body succeeded, ROLLBACK once it failed, so a failure anywhere rolls everything back.
 */
public final class PipelinedTransaction {
  private PipelinedTransaction() {}

  public static <T> Future<T> run(Pool pool, Function<SqlConnection, Future<T>> body) {
    return pool.withConnection(connection -> {
      Future<Void> begun = connection.query("BEGIN").execute().mapEmpty();
      Future<T> done = body.apply(connection);
      return Future.all(begun, done).transform(result -> result.succeeded()
          ? connection.query("COMMIT").execute().map(committed -> done.result())
          : connection.query("ROLLBACK").execute().transform(rolledBack -> Future.failedFuture(result.cause())));
    });
  }
}
