package se.indikatorvakt.support;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import se.indikatorvakt.config.DatabaseUrl;

/**
 * Gives a test class its own database and the real service running against it, started before the class's
 * own {@code @BeforeAll} methods and stopped (database dropped) after its {@code @AfterAll} methods:
 * {@code @RegisterExtension static final ServiceExtension SERVICE = ServiceExtension.withSettings(env -> ...);}
 */
public final class ServiceExtension implements BeforeAllCallback, AfterAllCallback {
  /** Puts a test's settings into the environment map; may write a config folder first, hence the exception. */
  @FunctionalInterface
  public interface Overrides {
    void apply(Map<String, String> env) throws Exception;
  }

  private final Function<DatabaseUrl, Map<String, String>> settings;
  private final Clock clock;
  private final List<Supplier<? extends AutoCloseable>> companions;
  private final Deque<AutoCloseable> opened = new ArrayDeque<>();
  private DatabaseUrl database;
  private Map<String, String> env;
  private TestService service;
  private Http api;

  private ServiceExtension(Function<DatabaseUrl, Map<String, String>> settings, Clock clock,
      List<Supplier<? extends AutoCloseable>> companions) {
    this.settings = settings;
    this.clock = clock;
    this.companions = companions;
  }

  /** The shipped configuration, as {@link TestService#env} gives it. */
  public static ServiceExtension withDefaults() {
    return withSettings(env -> { });
  }

  /** The shipped configuration with the overrides a test puts into the environment map. */
  public static ServiceExtension withSettings(Overrides overrides) {
    return withEnv(database -> {
      Map<String, String> env = TestService.env(database);
      try {
        overrides.apply(env);
      } catch (Exception e) {
        throw new IllegalStateException("the test's settings could not be prepared: " + e.getMessage(), e);
      }
      return env;
    });
  }

  /** An environment built from the class's database, for tests whose settings name the database. */
  public static ServiceExtension withEnv(Function<DatabaseUrl, Map<String, String>> settings) {
    return new ServiceExtension(settings, Clock.systemUTC(), List.of());
  }

  /** The same settings with a clock the service reads (and the test may move). */
  public ServiceExtension withClock(Clock clock) {
    return new ServiceExtension(settings, clock, companions);
  }

  /**
   * The same settings with something the service must find running when it starts and that must outlive it: a mail
   * server it sends to, a log capture that sees its start. Opened in the given order before the settings are made
   * (so they may name its port), closed in reverse after the service stopped.
   */
  public ServiceExtension withCompanion(Supplier<? extends AutoCloseable> open) {
    List<Supplier<? extends AutoCloseable>> more = new ArrayList<>(companions);
    more.add(open);
    return new ServiceExtension(settings, clock, List.copyOf(more));
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    companions.forEach(open -> opened.push(open.get()));
    database = TestDatabases.create();
    env = settings.apply(database);
    service = TestService.start(env, clock);
    api = new Http(service.apiPort());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try {
      if (service != null) {
        service.close();
      }
    } finally {
      if (database != null) {
        TestDatabases.drop(database);
      }
      closeCompanions();
    }
  }

  private void closeCompanions() {
    IllegalStateException failure = null;
    while (!opened.isEmpty()) {
      try {
        opened.pop().close();
      } catch (Exception e) {
        failure = failure != null ? failure
            : new IllegalStateException("a companion of the service did not close: " + e.getMessage(), e);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  public DatabaseUrl database() {
    return database;
  }

  /** The environment the service was started with, e.g. for a fixture that reads the same mailbox. */
  public Map<String, String> env() {
    return env;
  }

  public TestService service() {
    return service;
  }

  public int apiPort() {
    return service.apiPort();
  }

  public int managementPort() {
    return service.managementPort();
  }

  /** A client for the API port. */
  public Http api() {
    return api;
  }

  public Clock clock() {
    return clock;
  }
}
