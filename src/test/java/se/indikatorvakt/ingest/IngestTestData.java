package se.indikatorvakt.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import se.indikatorvakt.catalog.AlertingPolicy;
import se.indikatorvakt.catalog.Catalog;
import se.indikatorvakt.catalog.CatalogLoader;
import se.indikatorvakt.http.auth.ApiKeys;
import se.indikatorvakt.support.ShippedConfig;

/** The shipped catalog, checksum-valid test personnummer, and a config folder with a scoped key. */
final class IngestTestData {
  static final String SOURCE_KEY = "dev-indikatorvakt-local-key";
  static final String ADMIN_KEY = "dev-indikatorvakt-admin-key";
  /** May write only vantetid-daglig-verksamhet, only in vo-funktionsstod-vuxen and the units below it. */
  static final String SCOPED_KEY = "ingest-test-scoped-key";

  private IngestTestData() {}

  static Catalog shippedCatalog() {
    CatalogLoader.Result result = CatalogLoader.load(Path.of("config"),
        new AlertingPolicy(1, Duration.ZERO, 0, true, Duration.ofDays(7), Duration.ofDays(3), Duration.ofDays(15)));
    if (!result.problems().isEmpty()) {
      throw new IllegalStateException("the shipped catalog is invalid: " + result.problems());
    }
    return result.catalog();
  }

  /** The shipped catalog with a second kommun, 9999 Provby (src/test/resources/kommun), for tests across kommuner. */
  static Catalog withProvby() {
    return load(configWith("9999-provby"));
  }

  /**
   * The shipped catalog with 9998 Jämförby (src/test/resources/kommun), whose målvärde is a place among all kommuner
   * for Kolada KPI U31402, which Kalmar follows too.
   */
  static Catalog withJamforby() {
    return load(configWith(JAMFORBY));
  }

  static final String JAMFORBY = "9998-jamforby";
  /** A source key of Jämförby alone, in the configuration {@link #configWithJamforbyKey} writes. */
  static final String JAMFORBY_KEY = "ingest-test-jamforby-key";

  /** {@link #configWith} Jämförby, whose application.yaml also has {@link #JAMFORBY_KEY}. */
  static Path configWithJamforbyKey() {
    Path dir = configWith(JAMFORBY);
    try {
      Path file = dir.resolve("application.yaml");
      String settings = Files.readString(file, StandardCharsets.UTF_8);
      String key = "  sourceKeys:\n"
          + "    - name: jamforby-test\n"
          + "      kommun: \"9998\"\n"
          + "      source: Utvecklingsnyckel\n"
          + "      sha256: " + ApiKeys.sha256(JAMFORBY_KEY) + "\n";
      if (!settings.contains("  sourceKeys:\n")) {
        throw new IllegalStateException("config/application.yaml has no security.sourceKeys list to extend");
      }
      Files.writeString(file, settings.replace("  sourceKeys:\n", key), StandardCharsets.UTF_8);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A copy of config/ with the test kommun of src/test/resources/kommun/{folder} beside the shipped ones. */
  static Path configWith(String folder) {
    Path dir = ShippedConfig.copy(folder + "-config-");
    try {
      Path from = Path.of("src/test/resources/kommun", folder);
      try (var files = Files.walk(from)) {
        for (Path file : files.toList()) {
          Path target = dir.resolve("kommuner/" + folder).resolve(from.relativize(file).toString());
          if (Files.isDirectory(file)) {
            Files.createDirectories(target);
          } else {
            Files.copy(file, target);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }

  private static Catalog load(Path dir) {
    CatalogLoader.Result result = CatalogLoader.load(dir, new AlertingPolicy(1, Duration.ZERO, 0, true,
        Duration.ofDays(7), Duration.ofDays(3), Duration.ofDays(15)));
    if (!result.problems().isEmpty()) {
      throw new IllegalStateException("the test catalog is invalid: " + result.problems());
    }
    return result.catalog();
  }

  /** A copy of config/ whose application.yaml also has {@link #SCOPED_KEY}, under target/test-work. */
  static Path configWithScopedKey() {
    try {
      Path dir = ShippedConfig.copy("ingest-config-");
      String settings = Files.readString(Path.of("config", "application.yaml"), StandardCharsets.UTF_8);
      String scoped = "  sourceKeys:\n"
          + "    - name: scoped-test\n"
          + "      kommun: \"0880\"\n"
          + "      source: Lifecare\n"
          + "      sha256: " + ApiKeys.sha256(SCOPED_KEY) + "\n"
          + "      indicators: [vantetid-daglig-verksamhet]\n"
          + "      orgUnits: [vo-funktionsstod-vuxen]\n";
      if (!settings.contains("  sourceKeys:\n")) {
        throw new IllegalStateException("config/application.yaml has no security.sourceKeys list to extend");
      }
      Files.writeString(dir.resolve("application.yaml"), settings.replace("  sourceKeys:\n", scoped),
          StandardCharsets.UTF_8);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
