package se.indikatorvakt.support;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import se.indikatorvakt.Application;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.Settings;

/**
 * Starts the real service in-process on free ports against a given test database, with the
 * shipped config folder and any overrides a test needs (as environment variables would).
 */
public final class TestService implements AutoCloseable {
  private final Application app;

  private TestService(Application app) {
    this.app = app;
  }

  public static Map<String, String> env(DatabaseUrl database) {
    Map<String, String> env = new HashMap<>();
    env.put("INDIKATORVAKT_CONFIG_DIR", Path.of("config").toAbsolutePath().toString());
    env.put("INDIKATORVAKT_DATABASE_URL", "postgresql://" + database.user() + ":" + database.password() + "@"
        + database.host() + ":" + database.port() + "/" + database.database());
    env.put("INDIKATORVAKT_HTTP_PORT", "0");
    env.put("INDIKATORVAKT_HTTP_HOST", "127.0.0.1");
    env.put("INDIKATORVAKT_MANAGEMENT_PORT", "0");
    env.put("INDIKATORVAKT_MANAGEMENT_HOST", "127.0.0.1");
    env.put("INDIKATORVAKT_HTTP_INSTANCES", "1");
    env.put("INDIKATORVAKT_SHUTDOWN_TIMEOUT", "PT2S");
    env.put("INDIKATORVAKT_SMTP_EML_DIR", Path.of(System.getProperty("indikatorvakt.test.work", "target/test-work"))
        .resolve("mail-" + database.database()).toString());
    return env;
  }

  public static TestService start(Map<String, String> env) {
    return start(env, Clock.systemUTC());
  }

  /**
   * Returns once the service is ready and its domain gauges have been read once (or that read failed): the service
   * is ready before that read, which tests of the gauges would otherwise race.
   */
  public static TestService start(Map<String, String> env, Clock clock) {
    TestService service = startReady(env, clock);
    try {
      Http.await("the first read of the domain gauges", Duration.ofSeconds(30), service::gaugesRead);
    } catch (AssertionError e) {
      service.close();
      throw e;
    }
    return service;
  }

  /** Returns as soon as the service is ready, the domain gauges perhaps not read yet: what a benchmark of start-up times. */
  public static TestService startReady(Map<String, String> env, Clock clock) {
    return new TestService(Application.start(Settings.load(env), clock));
  }

  private boolean gaugesRead() {
    Timer refresh = app.registry().find("indikatorvakt.metrics.refresh.duration").timer();
    Counter failed = app.registry().find("indikatorvakt.metrics.refresh.failures").counter();
    return refresh != null && refresh.count() > 0 || failed != null && failed.count() > 0;
  }

  public Application app() {
    return app;
  }

  public int apiPort() {
    return app.apiPort();
  }

  public int managementPort() {
    return app.managementPort();
  }

  @Override
  public void close() {
    app.stop();
  }
}
