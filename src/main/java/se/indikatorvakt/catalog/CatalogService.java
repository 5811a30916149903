package se.indikatorvakt.catalog;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog in force. Loaded once at start (an invalid catalog stops the service with every
 * problem listed) and reloadable at run time, where an invalid catalog keeps the running one.
 */
public final class CatalogService {
  private static final Logger LOG = LoggerFactory.getLogger(CatalogService.class);

  private final Vertx vertx;
  private final Path configDir;
  private final AlertingPolicy defaults;
  private final AtomicReference<Catalog> current = new AtomicReference<>();

  private CatalogService(Vertx vertx, Path configDir, AlertingPolicy defaults, Catalog initial) {
    this.vertx = vertx;
    this.configDir = configDir;
    this.defaults = defaults;
    this.current.set(initial);
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
    return vertx.executeBlocking(() -> read(configDir, defaults))
        .map(catalog -> {
          LOG.info("Catalog loaded from {}: {} kommuner, {} indicators, {} goals, {} org units", configDir,
              catalog.kommuner().size(), catalog.indicators().size(), catalog.goals().size(),
              catalog.organisation().units().size());
          return new CatalogService(vertx, configDir, defaults, catalog);
        });
  }

  public Catalog current() {
    return current.get();
  }

  /** Reads the files again; on success the new catalog is in force for every request that starts after. */
  public Future<Catalog> reload() {
    return vertx.executeBlocking(() -> read(configDir, defaults))
        .onSuccess(catalog -> {
          current.set(catalog);
          LOG.info("Catalog reloaded: {} indicators", catalog.indicators().size());
        })
        .onFailure(e -> LOG.warn("Catalog reload refused, the running catalog stays: {}", e.getMessage()));
  }

  private static Catalog read(Path configDir, AlertingPolicy defaults) {
    CatalogLoader.Result result = CatalogLoader.load(configDir, defaults);
    if (!result.problems().isEmpty()) {
      throw new InvalidCatalogException(result.problems());
    }
    return result.catalog();
  }
}
