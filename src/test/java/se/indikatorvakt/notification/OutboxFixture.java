package se.indikatorvakt.notification;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import se.indikatorvakt.Settings;
import se.indikatorvakt.db.DatabasePool;
import se.indikatorvakt.db.KommunScope;

/**
 * Plays alerting's part for the notification tests: writes NotificationRequests through {@link PgOutbox} in a
 * transaction of its own, against the database of a running service, and reads the outbox back.
 */
final class OutboxFixture implements AutoCloseable {
  /** The requests are about Kalmar's units (Requests), and the fixture reads and writes as the service does. */
  private static final Set<String> KALMAR = Set.of(Requests.KOMMUN);
  private final Vertx vertx = Vertx.vertx();
  private final Pool pool;
  private final PgOutbox outbox;

  OutboxFixture(Map<String, String> env, Clock clock) {
    Settings settings = Settings.load(env);
    pool = DatabasePool.create(vertx,
        DatabasePool.connectOptions(settings.database().url().orElseThrow(), settings.database()),
        settings.database());
    outbox = new PgOutbox(new OutboxRepository(pool, unit -> Optional.of(Requests.KOMMUN), () -> KALMAR),
        settings.notification(), clock);
  }

  OutboxFixture(Map<String, String> env) {
    this(env, Clock.systemUTC());
  }

  void enqueue(NotificationRequest... requests) {
    await(KommunScope.transaction(pool, KALMAR, tx -> outbox.enqueue(tx, List.of(requests))));
  }

  long count(String state) {
    return await(KommunScope.statement(pool, KALMAR, conn -> conn.preparedQuery(
        "SELECT count(*) FROM outbox WHERE state = $1").execute(Tuple.of(state)))).iterator().next().getLong(0);
  }

  /** Attempt outcomes of the rows sent to one recipient, oldest first. */
  List<String> attempts(String recipient) {
    List<String> outcomes = new ArrayList<>();
    for (Row row : await(KommunScope.statement(pool, KALMAR, conn -> conn.preparedQuery("SELECT a.outcome FROM "
        + "notification_attempt a JOIN outbox o ON o.id = a.outbox_id WHERE o.recipient = $1 ORDER BY a.id")
        .execute(Tuple.of(recipient))))) {
      outcomes.add(row.getString(0));
    }
    return outcomes;
  }

  private static <T> T await(io.vertx.core.Future<T> future) {
    try {
      return future.await(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    await(pool.close());
    await(vertx.close());
  }
}
