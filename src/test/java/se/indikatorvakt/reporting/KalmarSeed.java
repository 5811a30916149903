package se.indikatorvakt.reporting;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import se.indikatorvakt.http.auth.ApiKeys;
import se.indikatorvakt.support.Http;

/** Kalmar's seed values for tertial 1 2022 (src/test/resources/reports/kalmar-2022-T1-seed.csv), and a config copy. */
final class KalmarSeed {
  static final String SOURCE_KEY = "dev-indikatorvakt-local-key";
  static final String ADMIN_KEY = "dev-indikatorvakt-admin-key";
  static final String[] SOURCE = {"Authorization", "Bearer " + SOURCE_KEY};
  static final String[] ADMIN = {"Authorization", "Bearer " + ADMIN_KEY};
  /** Holds only verksamhetsområde funktionsstöd vuxen and the units below it. */
  static final String SCOPED_KEY = "report-test-scoped-key";
  static final String[] SCOPED = {"Authorization", "Bearer " + SCOPED_KEY};
  /** The key the seed values are posted with: its source is what the report names as the values' source. */
  static final String SEED_KEY = "report-test-seed-key";
  static final String DOCUMENT = "000_63e6c9868031b1b7.txt";

  /** @param csvLines the lines of seed-indicators.csv (document 000) the value comes from */
  record Row(String indicator, String orgUnit, String gender, String period, double value, String kind,
      List<String> csvLines) {}

  private KalmarSeed() {}

  static List<Row> rows() {
    try (InputStream in = KalmarSeed.class.getClassLoader().getResourceAsStream("reports/kalmar-2022-T1-seed.csv")) {
      List<Row> rows = new ArrayList<>();
      List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .filter(line -> !line.startsWith("#") && !line.isBlank()).toList();
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.split(",", -1);
        rows.add(new Row(f[0], f[1], f[2], f[3], Double.parseDouble(f[4]), f[5], List.of(f[6].split(" "))));
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Posts every seed value through the API, as Kalmar's source systems would, with the document line as reference. */
  static void post(Http http) {
    JsonArray batch = new JsonArray();
    for (Row row : rows()) {
      batch.add(new JsonObject().put("indicator", row.indicator()).put("orgUnit", row.orgUnit())
          .put("gender", row.gender()).put("period", row.period()).put("value", row.value())
          .put("source", DOCUMENT + " rad " + String.join(", ", row.csvLines()) + " (seed-indicators.csv)"));
    }
    Http.Response response = http.postJson("/api/v1/measurements", batch, "Authorization", "Bearer " + SEED_KEY);
    if (response.status() != 201) {
      throw new AssertionError("seeding answered " + response.status() + ": " + response.body());
    }
  }

  /** A copy of config/ (every file, so a changed layout comes along) whose application.yaml has the scoped key. */
  static Path configWithScopedKey() {
    try {
      Path work = Path.of(System.getProperty("indikatorvakt.test.work", "target/test-work")).toAbsolutePath();
      Path dir = Files.createTempDirectory(Files.createDirectories(work), "report-config-");
      Path source = Path.of("config");
      try (Stream<Path> files = Files.walk(source)) {
        for (Path file : files.toList()) {
          Path target = dir.resolve(source.relativize(file).toString());
          if (Files.isDirectory(file)) {
            Files.createDirectories(target);
          } else {
            Files.copy(file, target);
          }
        }
      }
      String settings = Files.readString(dir.resolve("application.yaml"), StandardCharsets.UTF_8);
      String scoped = "  sourceKeys:\n"
          + "    - name: report-scoped-test\n"
          + "      kommun: \"0880\"\n"
          + "      source: Lifecare\n"
          + "      sha256: " + ApiKeys.sha256(SCOPED_KEY) + "\n"
          + "      orgUnits: [vo-funktionsstod-vuxen]\n"
          + "    - name: report-seed\n"
          + "      kommun: \"0880\"\n"
          + "      source: Kalmar, tertialrapport april 2022\n"
          + "      sha256: " + ApiKeys.sha256(SEED_KEY) + "\n";
      Files.writeString(dir.resolve("application.yaml"), settings.replace("  sourceKeys:\n", scoped),
          StandardCharsets.UTF_8);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A valid personnummer (date 1212-12, check digit computed) that the free-text check must refuse. */
  static String personnummer() {
    String nine = "121212121";
    int sum = 0;
    for (int i = 0; i < nine.length(); i++) {
      int d = (nine.charAt(i) - '0') * (i % 2 == 0 ? 2 : 1);
      sum += d > 9 ? d - 9 : d;
    }
    return "121212-121" + (10 - sum % 10) % 10;
  }
}
