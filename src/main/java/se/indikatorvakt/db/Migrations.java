package se.indikatorvakt.db;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.indikatorvakt.config.DatabaseUrl;

/** Versioned schema migrations (src/main/resources/db/migration). Blocking JDBC: run on a worker. */
public final class Migrations {
  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {}

  public static void migrate(DatabaseUrl url) {
    MigrateResult result = Flyway.configure()
        .dataSource(url.jdbcUrl(), url.user(), url.password())
        .locations("classpath:db/migration")
        .connectRetries(3)
        .load()
        .migrate();
    LOG.info("Database schema at version {} ({} migrations applied now)",
        result.targetSchemaVersion == null ? result.initialSchemaVersion : result.targetSchemaVersion,
        result.migrationsExecuted);
  }
}
