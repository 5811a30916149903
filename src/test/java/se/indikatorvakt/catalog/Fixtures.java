package se.indikatorvakt.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.stream.Stream;

/** The YAML fixtures under src/test/resources/catalog: a valid catalog, and broken files that replace its own. */
final class Fixtures {
  static final AlertingPolicy DEFAULTS = new AlertingPolicy(1, Duration.ZERO, 0, true, Duration.ofDays(7),
      Duration.ofDays(3), Duration.ofDays(15));

  private Fixtures() {}

  static Catalog validCatalog() {
    return CatalogLoader.load(resource("valid"), DEFAULTS).catalog();
  }

  /** The valid catalog with the files of {@code broken/<name>} in place of its own, in a fresh folder. */
  static Path broken(String name, Path folder) {
    copy(resource("valid"), folder);
    copy(resource("broken/" + name), folder);
    return folder;
  }

  private static void copy(Path from, Path to) {
    try (Stream<Path> files = Files.list(from)) {
      for (Path file : files.toList()) {
        Files.copy(file, to.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path resource(String name) {
    try {
      return Path.of(Fixtures.class.getResource("/catalog/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
