package se.indikatorvakt.db;

import io.vertx.core.Vertx;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgException;
import io.vertx.pgclient.SslMode;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnection;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.indikatorvakt.config.DatabaseUrl;

/** The one connection pool of the process, sized and bounded explicitly. */
public final class DatabasePool {
  private static final Logger LOG = LoggerFactory.getLogger(DatabasePool.class);

  /** Longer than any statement of the service, so that each is prepared once per connection. */
  static final int PREPARED_SQL_LIMIT = 16_384;

  private DatabasePool() {}

  public static PgConnectOptions connectOptions(DatabaseUrl url, DatabaseSettings settings) {
    PgConnectOptions options = new PgConnectOptions()
        .setHost(url.host())
        .setPort(url.port())
        .setDatabase(url.database())
        .setUser(url.user())
        .setPassword(url.password());
    // The client prepares a statement longer than its default limit of 2 048 characters again at every execution, and
    // PostgreSQL parses and plans it again: the alerts' update and insert name every column and are longer.
    options.setCachePreparedStatements(true).setPreparedStatementCacheSqlLimit(PREPARED_SQL_LIMIT)
        .setMetricsName("indikatorvakt");
    url.sslMode().ifPresent(mode -> tls(options, mode, url.sslRootCert()));
    return options;
  }

  /**
   * As libpq: allow, prefer and require encrypt without checking the certificate, unless require is given a CA
   * (then it checks as verify-ca does); verify-ca checks the certificate against the CA, verify-full also the host.
   */
  private static void tls(PgConnectOptions options, DatabaseUrl.SslMode mode, Optional<Path> rootCert) {
    options.setSslMode(SslMode.valueOf(mode.name()));
    if (mode == DatabaseUrl.SslMode.DISABLE) {
      return;
    }
    ClientSSLOptions ssl = new ClientSSLOptions();
    if (rootCert.isPresent()) {
      ssl.setTrustOptions(new PemTrustOptions().addCertPath(rootCert.get().toString()));
      if (mode == DatabaseUrl.SslMode.REQUIRE) {
        options.setSslMode(SslMode.VERIFY_CA);
      }
    } else {
      ssl.setTrustAll(true);
    }
    ssl.setHostnameVerificationAlgorithm(mode == DatabaseUrl.SslMode.VERIFY_FULL ? "HTTPS" : "");
    options.setSslOptions(ssl);
  }

  public static Pool create(Vertx vertx, PgConnectOptions connect, DatabaseSettings settings) {
    return create(vertx, connect, settings, "indikatorvakt", settings.poolSize(), settings.maxWaitQueue());
  }

  /**
   * A few connections of their own for work that must not queue behind ingest on the shared pool (the outbox
   * sender: until an email is marked sent, an instance that dies sends it again).
   */
  public static Pool createDedicated(Vertx vertx, PgConnectOptions connect, DatabaseSettings settings, String name,
      int size, int maxWaitQueue) {
    return create(vertx, connect, settings, name, size, maxWaitQueue);
  }

  private static Pool create(Vertx vertx, PgConnectOptions connect, DatabaseSettings settings, String name,
      int size, int maxWaitQueue) {
    PoolOptions pool = new PoolOptions()
        .setName(name)
        .setMaxSize(size)
        .setMaxWaitQueueSize(maxWaitQueue)
        .setConnectionTimeout((int) settings.connectTimeout().toMillis())
        .setConnectionTimeoutUnit(java.util.concurrent.TimeUnit.MILLISECONDS)
        .setIdleTimeout(5)
        .setIdleTimeoutUnit(java.util.concurrent.TimeUnit.MINUTES);
    NetClientOptions net = new NetClientOptions()
        .setConnectTimeout((int) settings.connectTimeout().toMillis())
        .setTcpKeepAlive(true);
    return PgBuilder.pool().with(pool).with(net).connectingTo(connect).withConnectHandler(DatabasePool::asServiceRole)
        .using(vertx).build();
  }

  /**
   * Every connection runs as the service role, which owns nothing, so that row-level security binds every query even
   * when the connecting user owns the tables or may bypass it (KommunScope). Should the switch fail, the connection
   * stays the connecting user's, whom FORCE ROW LEVEL SECURITY shows nothing either, unless it is a superuser.
   */
  private static void asServiceRole(SqlConnection connection) {
    // a connection the server ends during the switch fails the statement below; without a handler of its own it
    // would also print that to standard error
    connection.exceptionHandler(e -> LOG.debug("A new connection ended: {}", e.getMessage()));
    connection.query(KommunScope.SET_ROLE).execute().onComplete(done -> {
      if (done.failed() && done.cause() instanceof PgException refused) {
        LOG.error("Cannot switch to the role {} ({}); the service sees no kommun's data until it can",
            KommunScope.SERVICE_ROLE, refused.getMessage());
      } else if (done.failed()) {
        LOG.debug("A new connection ended before it switched to {}: {}", KommunScope.SERVICE_ROLE,
            done.cause().getMessage());
      }
      connection.close();
    });
  }
}
