package se.indikatorvakt.db;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import se.indikatorvakt.config.DatabaseUrl;

/** The one connection pool of the process, sized and bounded explicitly. */
public final class DatabasePool {
  private DatabasePool() {}

  public static PgConnectOptions connectOptions(DatabaseUrl url, DatabaseSettings settings) {
    PgConnectOptions options = new PgConnectOptions()
        .setHost(url.host())
        .setPort(url.port())
        .setDatabase(url.database())
        .setUser(url.user())
        .setPassword(url.password());
    options.setCachePreparedStatements(true).setMetricsName("indikatorvakt");
    return options;
  }

  public static Pool create(Vertx vertx, PgConnectOptions connect, DatabaseSettings settings) {
    PoolOptions pool = new PoolOptions()
        .setName("indikatorvakt")
        .setMaxSize(settings.poolSize())
        .setMaxWaitQueueSize(settings.maxWaitQueue())
        .setConnectionTimeout((int) settings.connectTimeout().toMillis())
        .setConnectionTimeoutUnit(java.util.concurrent.TimeUnit.MILLISECONDS)
        .setIdleTimeout(5)
        .setIdleTimeoutUnit(java.util.concurrent.TimeUnit.MINUTES);
    NetClientOptions net = new NetClientOptions()
        .setConnectTimeout((int) settings.connectTimeout().toMillis())
        .setTcpKeepAlive(true);
    return PgBuilder.pool().with(pool).with(net).connectingTo(connect).using(vertx).build();
  }
}
