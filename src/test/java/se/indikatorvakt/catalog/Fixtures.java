package se.indikatorvakt.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/** The YAML fixtures under src/test/resources/catalog: a valid catalog, and broken files that replace its own. */
final class Fixtures {
  static final AlertingPolicy DEFAULTS = new AlertingPolicy(1, Duration.ZERO, 0, true, Duration.ofDays(7),
      Duration.ofDays(3), Duration.ofDays(15));
  /** The folder of the test kommun 9001 Testby. */
  static final String TESTBY = "kommuner/9001-testby";

  private Fixtures() {}

  static Catalog validCatalog() {
    return CatalogLoader.load(resource("valid"), DEFAULTS).catalog();
  }

  /**
   * The valid catalog with the files of {@code broken/<name>} in place of its own, in a fresh folder; a broken
   * indicators folder replaces the kommun's whole folder, so that only its own mistakes are reported.
   */
  static Path broken(String name, Path folder) {
    copy(resource("valid"), folder);
    Path broken = resource("broken/" + name);
    Path indicators = broken.resolve(TESTBY).resolve("indicators");
    if (Files.isDirectory(indicators)) {
      delete(folder.resolve(TESTBY).resolve("indicators"));
    }
    copy(broken, folder);
    return folder;
  }

  static void copy(Path from, Path to) {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
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
