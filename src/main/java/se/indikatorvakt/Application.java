package se.indikatorvakt;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.ext.web.Router;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
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

  /**
   * Nothing of the start may block an event loop: reading files, migrating, building the modules and the routers
   * (which loads and initialises most of the service's classes, a second of CPU and more on a busy machine) run on
   * workers; the event loop only connects, queries and listens. All of it runs on one context, which the modules
   * built on it keep for their own work (GroupCommit's home, CatalogSync's): steps started from this thread would
   * each get a context and an event loop of their own, and the HTTP servers would then share those event loops.
   */
  private Future<Void> startAll(Clock clock) {
    Promise<Void> started = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> prepareAndStart(clock).onComplete(started));
    return started.future();
  }

  /** The database, the catalog and the API contract do not depend on each other; the rest needs all three. */
  private Future<Void> prepareAndStart(Clock clock) {
    Future<DatabaseUrl> schema = databaseUrl().compose(url -> vertx.executeBlocking(() -> {
      Migrations.migrate(url);
      return url;
    }));
    Future<CatalogService> catalog = CatalogService.load(vertx, settings.configDir(), settings.alerting().defaults());
    Future<ApiContract> contract = ApiContract.load(vertx);
    return Future.join(schema, catalog, contract)
        .compose(prepared -> vertx.executeBlocking(() ->
            assemble(schema.result(), catalog.result(), contract.result(), clock)))
        .compose(routers -> startBackground().map(routers))
        .compose(routers -> changes.start().map(routers))
        .compose(this::deployHttp)
        .onSuccess(v -> readiness.databaseReady(pool));
  }

  /** The routers of the two ports, built before their verticles start: one API router per server instance. */
  private record Routers(Router management, List<Router> api) {}

  /** Builds the pool, every module and the routers and finds the ports; runs on a worker. */
  private Routers assemble(DatabaseUrl url, CatalogService catalog, ApiContract contract, Clock clock) {
    initialiseTransport();
    apiPort = resolvePort(settings.http().port());
    managementPort = resolvePort(settings.management().port());
    PgConnectOptions connect = DatabasePool.connectOptions(url, settings.database());
    pool = DatabasePool.create(vertx, connect, settings.database());
    outage = new DatabaseOutage(vertx, pool);
    changes = new ChangeFeed(vertx, connect);
    Authentication auth = new Authentication(settings.security());
    Wiring wiring = new Wiring(new ServiceContext(vertx, pool, clock, metrics), settings, connect, catalog, changes,
        auth);
    background = wiring.background();
    List<Router> api = new ArrayList<>();
    for (int i = 0; i < settings.http().instances(); i++) {
      api.add(ApiRouter.create(vertx, wiring.apiModules(), contract, auth, settings.http().bodyLimitBytes(), outage));
    }
    return new Routers(ManagementRouter.create(vertx, readiness, registry, metrics, outage), api);
  }

  /**
   * Netty initialises its channel and buffer classes, and in 4.2 its flight-recorder events, on first use: 0.1 s of
   * CPU in a new JVM, ten times that on a busy machine. The first use would be the pool's first connection (a socket
   * to PostgreSQL, a datagram socket of the name resolver, buffers for the start-up message), on an event loop; the
   * same opened and closed here, on a worker, take that cost instead.
   */
  private static void initialiseTransport() {
    ByteBufAllocator.DEFAULT.directBuffer(1024).release();
    new NioSocketChannel().unsafe().closeForcibly();
    new NioDatagramChannel().unsafe().closeForcibly();
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

  private Future<Void> deployHttp(Routers routers) {
    Duration grace = settings.shutdownTimeout();
    ConnectionLimits limits = settings.http().connectionLimits();
    Future<String> management = vertx.deployVerticle(() -> new HttpServerVerticle(routers::management,
        settings.management().host(), managementPort, limits, Duration.ZERO), new DeploymentOptions());
    Iterator<Router> api = routers.api().iterator();
    Future<String> apiServers = vertx.deployVerticle(() -> {
      Router router = api.next();
      return new HttpServerVerticle(() -> router, settings.http().host(), apiPort, limits, grace);
    }, new DeploymentOptions().setInstances(routers.api().size()));
    return Future.all(management, apiServers).map(all -> {
      httpDeployments.add(apiServers.result());
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
