package se.indikatorvakt.catalog;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog in force on this instance. Loaded once at start (an invalid catalog stops the service with every
 * problem listed) and read again at run time, where an invalid catalog keeps the running one; which version is in
 * force across the instances is {@code catalogsync.CatalogSync}'s business.
 */
public final class CatalogService {
  private static final Logger LOG = LoggerFactory.getLogger(CatalogService.class);

  private final Vertx vertx;
  private final Path configDir;
  private final AlertingPolicy defaults;
  private final AtomicReference<Catalog> current = new AtomicReference<>();
  private final Candidate loaded;

  private CatalogService(Vertx vertx, Path configDir, AlertingPolicy defaults, Candidate initial) {
    this.vertx = vertx;
    this.configDir = configDir;
    this.defaults = defaults;
    this.loaded = initial;
    this.current.set(initial.catalog());
  }

  /** Thrown when the catalog files are invalid; the message lists every problem, one per line. */
  public static final class InvalidCatalogException extends RuntimeException {
    private final transient List<CatalogProblem> problems;

    InvalidCatalogException(List<CatalogProblem> problems) {
      super("the catalog is invalid:\n  " + String.join("\n  ", problems.stream().map(Object::toString).toList()),
          null, false, false);
      this.problems = List.copyOf(problems);
    }

    public List<CatalogProblem> problems() {
      return problems;
    }
  }

  public static Future<CatalogService> load(Vertx vertx, Path configDir, AlertingPolicy defaults) {
    return vertx.executeBlocking(() -> {
          Catalog catalog = read(configDir, defaults);
          return new Candidate(catalog, CatalogFingerprint.of(configDir, catalog));
        })
        .map(candidate -> {
          Catalog catalog = candidate.catalog();
          LOG.info("Catalog loaded from {}: {} kommuner, {} indicators, {} goals, {} org units", configDir,
              catalog.kommuner().size(), catalog.indicators().size(), catalog.goals().size(),
              catalog.organisation().units().size());
          return new CatalogService(vertx, configDir, defaults, candidate);
        });
  }

  /** The catalog in force, with its version number once registered (see {@code catalogsync.CatalogSync}). */
  public Catalog current() {
    return current.get();
  }

  /** The files as they are now, validated, with their fingerprint; fails with {@link InvalidCatalogException}. */
  public record Candidate(Catalog catalog, CatalogFingerprint fingerprint) {}

  /**
   * Reads and hashes the files on a worker; puts nothing in force. Not queued behind the caller context's other
   * blocking work: a reload has a second to reach every instance.
   */
  public Future<Candidate> read() {
    return vertx.executeBlocking(() -> {
      Catalog catalog = read(configDir, defaults);
      return new Candidate(catalog, CatalogFingerprint.of(configDir, catalog));
    }, false).onFailure(e -> LOG.warn("Catalog files refused, the running catalog stays: {}", e.getMessage()));
  }

  /** The catalog as loaded at start, with the fingerprint of the files it was read from. */
  public Candidate loaded() {
    return loaded;
  }

  /** Puts a read catalog in force for every request that starts after, unless a newer version is in force already. */
  public boolean install(Catalog catalog) {
    Catalog before = current.getAndUpdate(running -> running.version() > catalog.version() ? running : catalog);
    if (before.version() > catalog.version()) {
      return false;
    }
    if (before.version() != catalog.version()) {
      LOG.info("Catalog version {} in force: {} indicators", catalog.version(), catalog.indicators().size());
    }
    return true;
  }

  private static Catalog read(Path configDir, AlertingPolicy defaults) {
    CatalogLoader.Result result = CatalogLoader.load(configDir, defaults);
    if (!result.problems().isEmpty()) {
      throw new InvalidCatalogException(result.problems());
    }
    return result.catalog();
  }
}
