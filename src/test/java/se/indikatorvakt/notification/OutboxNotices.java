package se.indikatorvakt.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.db.ChangeFeed;

/**
 * The outbox NOTIFYs (a commit that queued an email) and outbox state NOTIFYs (a claim, a marking) as a listener
 * of its own receives them: a blocking JDBC connection on a thread of its own, outside the service.
 */
final class OutboxNotices implements AutoCloseable {
  final BlockingQueue<Long> outbox = new LinkedBlockingQueue<>();
  final BlockingQueue<Long> state = new LinkedBlockingQueue<>();
  private final Connection connection;
  private final Thread thread;
  private volatile boolean closed;
  long strays;

  OutboxNotices(DatabaseUrl database) throws SQLException {
    connection = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
    try (Statement listen = connection.createStatement()) {
      listen.execute("LISTEN " + ChangeFeed.OUTBOX);
      listen.execute("LISTEN " + ChangeFeed.OUTBOX_STATE);
    }
    PGConnection pg = connection.unwrap(PGConnection.class);
    thread = new Thread(() -> {
      while (!closed) {
        try {
          PGNotification[] received = pg.getNotifications(200);
          long at = System.nanoTime();
          for (PGNotification n : received == null ? new PGNotification[0] : received) {
            (n.getName().equals(ChangeFeed.OUTBOX) ? outbox : state).add(at);
          }
        } catch (SQLException e) {
          if (!closed) {
            throw new IllegalStateException(e);
          }
        }
      }
    }, "outbox-notices");
    thread.setDaemon(true);
    thread.start();
  }

  long next(BlockingQueue<Long> queue, String what) throws InterruptedException {
    Long at = queue.poll(10, TimeUnit.SECONDS);
    assertThat(at).as("NOTIFY of the %s within 10 s", what).isNotNull();
    return at;
  }

  /** Anything else the outbox announced while one breach was on its way (a retry, a takeover): counted. */
  void strays() {
    strays += outbox.size() + state.size();
    outbox.clear();
    state.clear();
  }

  @Override
  public void close() throws Exception {
    closed = true;
    thread.join(5000);
    connection.close();
  }
}
