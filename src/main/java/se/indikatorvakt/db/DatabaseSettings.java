package se.indikatorvakt.db;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import se.indikatorvakt.config.DatabaseUrl;
import se.indikatorvakt.config.SettingsReader;

/** {@code url} empty means: start the embedded PostgreSQL in {@code embeddedDataDir}. */
public record DatabaseSettings(Optional<DatabaseUrl> url, int poolSize, int maxWaitQueue, Duration connectTimeout,
    Path embeddedDataDir, int embeddedPort) {

  public static DatabaseSettings from(SettingsReader in) {
    return new DatabaseSettings(
        databaseUrl(in),
        in.integer("database.poolSize", 1, 200),
        in.integer("database.maxWaitQueue", 0, 100_000),
        in.duration("database.connectTimeout", Duration.ofMillis(100)),
        Path.of(in.string("database.embedded.dataDir")),
        in.port("database.embedded.port", true));
  }

  private static Optional<DatabaseUrl> databaseUrl(SettingsReader in) {
    Optional<String> text = in.optionalString("database.url");
    if (text.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder problem = new StringBuilder();
    Optional<DatabaseUrl> url = DatabaseUrl.parse(text.get(), problem);
    if (url.isEmpty()) {
      in.problem("database.url", problem.toString(), null);
    }
    return url;
  }
}
