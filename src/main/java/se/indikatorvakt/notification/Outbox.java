package se.indikatorvakt.notification;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;

public interface Outbox {
  /** Writes the requests as outbox rows in the caller's transaction and notifies the sender at commit. */
  Future<Void> enqueue(SqlConnection tx, List<NotificationRequest> requests);
}
