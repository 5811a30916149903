package se.indikatorvakt.notification;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The outbox in PostgreSQL: rows written in the alert transition's own transaction, so the email exists exactly
 * when the transition does; the NOTIFY it sends wakes every instance's sender when that transaction commits.
 */
public final class PgOutbox implements Outbox {
  private final OutboxRepository repository;
  private final NotificationSettings settings;
  private final Clock clock;

  PgOutbox(OutboxRepository repository, NotificationSettings settings, Clock clock) {
    this.repository = repository;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public Future<Void> enqueue(SqlConnection tx, List<NotificationRequest> requests) {
    List<NotificationRequest> wanted = settings.sendResolved() ? requests
        : requests.stream().filter(r -> r.kind() != NotificationKind.RESOLVED).toList();
    if (wanted.isEmpty()) {
      return Future.succeededFuture();
    }
    Instant now = clock.instant();
    return repository.insert(tx, wanted, now, now.plus(settings.groupingWindow()));
  }
}
