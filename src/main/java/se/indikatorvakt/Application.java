package se.indikatorvakt;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.indikatorvakt.catalog.CatalogService;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.Settings;
import se.indikatorvakt.db.ChangeFeed;
import se.indikatorvakt.db.DatabaseOutage;
import se.indikatorvakt.db.DatabasePool;
import se.indikatorvakt.db.EmbeddedDatabase;
import se.indikatorvakt.db.Migrations;
import se.indikatorvakt.health.Readiness;
import se.indikatorvakt.http.ApiContract;
import se.indikatorvakt.http.ApiModule;
import se.indikatorvakt.http.ApiRouter;
import se.indikatorvakt.http.ConnectionLimits;
import se.indikatorvakt.http.HttpServerVerticle;
import se.indikatorvakt.http.ManagementRouter;
import se.indikatorvakt.http.auth.Authentication;
import se.indikatorvakt.metrics.Metrics;
import se.indikatorvakt.metrics.Registries;

/**
 * One running service: database (embedded or given), schema, pool, components, then the two ports.
 * Start and stop are blocking calls for the main thread and for tests, never for an event loop.
 */
public final class Application {
  private static final Logger LOG = LoggerFactory.getLogger(Application.class);

  private final Vertx vertx;
  private final Settings settings;
  private final Readiness readiness = new Readiness();
  private final PrometheusMeterRegistry registry;
  private final Metrics metrics;
  private final List<String> httpDeployments = new ArrayList<>();
  private EmbeddedDatabase embedded;
  private ChangeFeed changes;
  private List<Wiring.Background> background = List.of();
  private Pool pool;
  private DatabaseOutage outage;
  private int apiPort;
  private int managementPort;

  private Application(Settings settings) {
    this.settings = settings;
    this.registry = Registries.prometheus();
    this.vertx = Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(Registries.vertxOptions()))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();
    this.metrics = new Metrics(registry);
  }

  public static Application start(Settings settings) {
    return start(settings, Clock.systemUTC());
  }

  /** Starts everything and returns once both ports listen; throws (after cleaning up) if anything fails. */
  public static Application start(Settings settings, Clock clock) {
    long started = System.nanoTime();
    Application app = new Application(settings);
    try {
      app.startAll(clock).await(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      app.stop();
      throw new IllegalStateException("start-up failed: " + e.getMessage(), e);
    }
    LOG.info("Indikatorvakt ready in {} ms: API on port {}, management on port {}",
        Duration.ofNanos(System.nanoTime() - started).toMillis(), app.apiPort, app.managementPort);
    return app;
  }

  private Future<Void> startAll(Clock clock) {
    return databaseUrl()
        .compose(url -> vertx.executeBlocking(() -> {
          Migrations.migrate(url);
          return url;
        }))
        .compose(url -> CatalogService.load(vertx, settings.configDir(), settings.alerting().defaults())
            .compose(catalog -> {
              PgConnectOptions connect = DatabasePool.connectOptions(url, settings.database());
              pool = DatabasePool.create(vertx, connect, settings.database());
              outage = new DatabaseOutage(vertx, pool);
              changes = new ChangeFeed(vertx, connect);
              Authentication auth = new Authentication(settings.security());
              Wiring wiring = new Wiring(new ServiceContext(vertx, pool, clock, metrics), settings, connect, catalog,
                  changes, auth);
              background = wiring.background();
              return startBackground()
                  .compose(v -> changes.start())
                  .compose(v -> ApiContract.load(vertx))
                  .compose(contract -> deployHttp(wiring.apiModules(), contract, auth))
                  .onSuccess(v -> readiness.databaseReady(pool));
            }));
  }

  private Future<Void> startBackground() {
    Future<Void> chain = Future.succeededFuture();
    for (Wiring.Background task : background) {
      chain = chain.compose(v -> task.start());
    }
    return chain;
  }

  private Future<Void> stopBackground() {
    Future<Void> chain = Future.succeededFuture();
    for (Wiring.Background task : background) {
      chain = chain.compose(v -> task.stop()).recover(e -> {
        LOG.warn("Background task did not stop cleanly: {}", e.getMessage());
        return Future.succeededFuture();
      });
    }
    return chain;
  }

  private Future<DatabaseUrl> databaseUrl() {
    if (settings.database().url().isPresent()) {
      DatabaseUrl url = settings.database().url().get();
      LOG.info("Using the PostgreSQL server at {}", url);
      return Future.succeededFuture(url);
    }
    return vertx.executeBlocking(() -> {
      embedded = EmbeddedDatabase.start(settings.database().embeddedDataDir(), settings.database().embeddedPort());
      return embedded.url();
    });
  }

  private Future<Void> deployHttp(List<ApiModule> modules, ApiContract contract, Authentication auth) {
    apiPort = resolvePort(settings.http().port());
    managementPort = resolvePort(settings.management().port());
    Duration grace = settings.shutdownTimeout();
    ConnectionLimits limits = settings.http().connectionLimits();
    Future<String> management = vertx.deployVerticle(() -> new HttpServerVerticle(
        () -> ManagementRouter.create(vertx, readiness, registry, metrics, outage),
        settings.management().host(), managementPort, limits, Duration.ZERO),
        new DeploymentOptions());
    Future<String> api = vertx.deployVerticle(() -> new HttpServerVerticle(
        () -> ApiRouter.create(vertx, modules, contract, auth, settings.http().bodyLimitBytes(), outage),
        settings.http().host(), apiPort, limits, grace),
        new DeploymentOptions().setInstances(settings.http().instances()));
    return Future.all(management, api).map(all -> {
      httpDeployments.add(api.result());
      httpDeployments.add(management.result());
      return null;
    });
  }

  /**
   * Port 0 asks for a free port. It is resolved once here, because several server instances on
   * port 0 would each get a different port.
   */
  private static int resolvePort(int configured) {
    if (configured != 0) {
      return configured;
    }
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port: " + e.getMessage(), e);
    }
  }

  /**
   * Graceful stop: readiness DOWN first, then the API stops accepting and in-flight requests finish
   * (bounded by shutdown.timeout), then the pool and the embedded database close.
   */
  public void stop() {
    readiness.shuttingDown();
    Future<Void> undeploy = Future.succeededFuture();
    for (String id : httpDeployments) {
      undeploy = undeploy.compose(v -> vertx.undeploy(id)).recover(e -> Future.succeededFuture());
    }
    long budgetMs = settings.shutdownTimeout().toMillis() + 1000;
    try {
      undeploy
          .compose(v -> stopBackground())
          .compose(v -> changes == null ? Future.succeededFuture() : changes.close())
          .recover(e -> Future.succeededFuture())
          .compose(v -> {
            if (outage != null) {
              outage.close();
            }
            return pool == null ? Future.succeededFuture() : pool.close();
          })
          .recover(e -> Future.succeededFuture())
          .compose(v -> vertx.close())
          .await(budgetMs, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      LOG.warn("Shutdown did not finish cleanly within {} ms: {}", budgetMs, e.toString());
    }
    if (embedded != null) {
      try {
        embedded.close();
      } catch (IOException e) {
        LOG.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
      }
    }
    LOG.info("Indikatorvakt stopped");
  }

  public int apiPort() {
    return apiPort;
  }

  public int managementPort() {
    return managementPort;
  }

  /** Where the embedded PostgreSQL of the local default listens; empty when database.url names a server. */
  public Optional<DatabaseUrl> embeddedDatabase() {
    return Optional.ofNullable(embedded).map(EmbeddedDatabase::url);
  }

  public Readiness readiness() {
    return readiness;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }
}
