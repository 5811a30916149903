package se.indikatorvakt.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import se.indikatorvakt.alerting.AlertingSettings;
import se.indikatorvakt.http.auth.SecuritySettings;
import se.indikatorvakt.metrics.MetricsSettings;
import se.indikatorvakt.notification.NotificationSettings;

/** Every setting of the service, validated once at start-up. */
public record Settings(
    Profile profile,
    Path configDir,
    HttpSettings http,
    ManagementSettings management,
    DatabaseSettings database,
    SmtpSettings smtp,
    LogFormat logFormat,
    Duration shutdownTimeout,
    SecuritySettings security,
    AlertingSettings alerting,
    NotificationSettings notification,
    MetricsSettings metrics,
    ReportSettings reports) {

  public enum Profile {
    DEVELOPMENT, PRODUCTION;

    public String code() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public enum LogFormat {
    PLAIN, JSON;

    public String code() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public enum SmtpSecurity {
    STARTTLS, TLS, NONE;

    public String code() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** {@code idleTimeout}: a connection that sends and receives nothing this long is closed (both ports). */
  public record HttpSettings(String host, int port, int instances, int bodyLimitBytes, int maxBatchSize,
      String publicBaseUrl, Duration idleTimeout) {}

  public record ManagementSettings(String host, int port) {}

  /** {@code url} empty means: start the embedded PostgreSQL in {@code embeddedDataDir}. */
  public record DatabaseSettings(Optional<DatabaseUrl> url, int poolSize, int maxWaitQueue, Duration connectTimeout,
      Path embeddedDataDir, int embeddedPort) {}

  /** {@code host} empty means: write messages as .eml files into {@code emlDir}. */
  public record SmtpSettings(Optional<String> host, int port, SmtpSecurity security, Optional<String> username,
      Optional<String> password, String from, Optional<String> replyTo, Duration sendTimeout, Path emlDir) {}

  /** The follow-up report: template folder, the bound on writing one, how many at once, trend length. */
  public record ReportSettings(Optional<Path> templateDir, Duration timeout, int maxConcurrent, int trendPeriods) {}

  public static Settings load(Map<String, String> env) {
    return from(new SettingsReader(SettingsSource.load(env)));
  }

  static Settings from(SettingsReader in) {
    Profile profile = in.oneOf("profile", Profile.class, Profile::code);
    HttpSettings http = new HttpSettings(
        in.string("http.host"),
        in.port("http.port", true),
        in.integer("http.instances", 1, 64),
        in.integer("http.bodyLimitBytes", 1024, 256 * 1024 * 1024),
        in.integer("http.maxBatchSize", 1, 1_000_000),
        in.string("http.publicBaseUrl").replaceAll("/+$", ""),
        in.duration("http.idleTimeout", Duration.ofSeconds(1)));
    ManagementSettings management = new ManagementSettings(
        in.string("management.host"),
        in.port("management.port", true));
    DatabaseSettings database = new DatabaseSettings(
        databaseUrl(in),
        in.integer("database.poolSize", 1, 200),
        in.integer("database.maxWaitQueue", 0, 100_000),
        in.duration("database.connectTimeout", Duration.ofMillis(100)),
        Path.of(in.string("database.embedded.dataDir")),
        in.port("database.embedded.port", true));
    SmtpSettings smtp = new SmtpSettings(
        in.optionalString("smtp.host"),
        in.port("smtp.port", false),
        in.oneOf("smtp.security", SmtpSecurity.class, SmtpSecurity::code),
        in.optionalString("smtp.username"),
        in.optionalString("smtp.password"),
        in.string("smtp.from"),
        in.optionalString("smtp.replyTo"),
        in.duration("smtp.sendTimeout", Duration.ofMillis(100)),
        Path.of(in.string("smtp.emlDir")));
    LogFormat logFormat = in.oneOf("log.format", LogFormat.class, LogFormat::code);
    Duration shutdownTimeout = in.duration("shutdown.timeout", Duration.ZERO);
    if (shutdownTimeout.compareTo(Duration.ofSeconds(9)) > 0) {
      in.problem("shutdown.timeout", shutdownTimeout + " is longer than the 9 s that keep shutdown within 10 s", null);
    }
    SecuritySettings security = SecuritySettings.from(in, profile == Profile.PRODUCTION);
    AlertingSettings alerting = AlertingSettings.from(in);
    NotificationSettings notification = NotificationSettings.from(in);
    MetricsSettings metrics = MetricsSettings.from(in);
    ReportSettings reports = new ReportSettings(
        in.optionalString("reports.templateDir").map(Path::of),
        in.duration("reports.timeout", Duration.ofSeconds(1)),
        in.integer("reports.maxConcurrent", 1, 16),
        in.integer("reports.trendPeriods", 1, 24));
    in.throwIfInvalid();
    return new Settings(profile, in.configDir(), http, management, database, smtp, logFormat, shutdownTimeout,
        security, alerting, notification, metrics, reports);
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
