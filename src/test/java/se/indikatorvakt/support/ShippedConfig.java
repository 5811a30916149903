package se.indikatorvakt.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The shipped config folder (settings, national definitions, every kommun's folder), copied for a test to change. */
public final class ShippedConfig {
  public static final Path DIR = Path.of("config");
  /** Kalmar's catalog file, relative to the config folder. */
  public static final String KALMAR_CATALOG = "kommuner/0880-kalmar/indicators/catalog.yaml";
  public static final String KALMAR_ORGANISATION = "kommuner/0880-kalmar/organisation.yaml";
  public static final String NATIONAL = "national/indicators.yaml";

  private ShippedConfig() {}

  /** A copy of the whole folder in a new directory under target/test-work. */
  public static Path copy(String prefix) {
    try {
      Path work = Path.of(System.getProperty("indikatorvakt.test.work", "target/test-work")).toAbsolutePath();
      Path dir = Files.createTempDirectory(Files.createDirectories(work), prefix);
      try (Stream<Path> files = Files.walk(DIR)) {
        for (Path file : files.toList()) {
          Path target = dir.resolve(DIR.relativize(file).toString());
          if (Files.isDirectory(file)) {
            Files.createDirectories(target);
          } else {
            Files.copy(file, target);
          }
        }
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
