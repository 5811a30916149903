package se.indikatorvakt;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import se.indikatorvakt.alerting.AlertingSettings;
import se.indikatorvakt.config.SettingsReader;
import se.indikatorvakt.config.SettingsSource;
import se.indikatorvakt.db.DatabaseSettings;
import se.indikatorvakt.http.HttpSettings;
import se.indikatorvakt.http.ManagementSettings;
import se.indikatorvakt.http.auth.SecuritySettings;
import se.indikatorvakt.ingest.IngestSettings;
import se.indikatorvakt.metrics.MetricsSettings;
import se.indikatorvakt.notification.NotificationSettings;
import se.indikatorvakt.notification.SmtpSettings;
import se.indikatorvakt.reporting.ReportSettings;

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
    ReportSettings reports,
    IngestSettings ingest) {

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

  public static Settings load(Map<String, String> env) {
    return from(new SettingsReader(SettingsSource.load(env)));
  }

  static Settings from(SettingsReader in) {
    Profile profile = in.oneOf("profile", Profile.class, Profile::code);
    HttpSettings http = HttpSettings.from(in);
    ManagementSettings management = ManagementSettings.from(in);
    DatabaseSettings database = DatabaseSettings.from(in);
    SmtpSettings smtp = SmtpSettings.from(in);
    LogFormat logFormat = in.oneOf("log.format", LogFormat.class, LogFormat::code);
    Duration shutdownTimeout = in.duration("shutdown.timeout", Duration.ZERO);
    if (shutdownTimeout.compareTo(Duration.ofSeconds(9)) > 0) {
      in.problem("shutdown.timeout", shutdownTimeout + " is longer than the 9 s that keep shutdown within 10 s", null);
    }
    SecuritySettings security = SecuritySettings.from(in, profile == Profile.PRODUCTION);
    AlertingSettings alerting = AlertingSettings.from(in);
    NotificationSettings notification = NotificationSettings.from(in);
    MetricsSettings metrics = MetricsSettings.from(in);
    ReportSettings reports = ReportSettings.from(in);
    IngestSettings ingest = IngestSettings.from(in);
    if (profile == Profile.PRODUCTION) {
      refuseWhatWouldSilentlyFail(in, smtp, http, notification);
    }
    in.throwIfInvalid();
    return new Settings(profile, in.configDir(), http, management, database, smtp, logFormat, shutdownTimeout,
        security, alerting, notification, metrics, reports, ingest);
  }

  /** Settings that start fine and then tell nobody anything: without them no manager hears of an alert. */
  private static void refuseWhatWouldSilentlyFail(SettingsReader in, SmtpSettings smtp, HttpSettings http,
      NotificationSettings notification) {
    if (smtp.host().isEmpty()) {
      in.problem("smtp.host", "is empty; profile production refuses it, because every email would only be written "
          + "to " + smtp.emlDir() + " and no manager would be told", null);
    }
    if (pointsAtThisMachine(http.publicBaseUrl())) {
      in.problem("http.publicBaseUrl", "'" + http.publicBaseUrl() + "' is this machine; profile production refuses it, "
          + "because the acknowledgement links in every email would lead nowhere", null);
    }
    if (pointsAtThisMachine(notification.grafanaBaseUrl())) {
      in.problem("notification.grafanaBaseUrl", "'" + notification.grafanaBaseUrl() + "' is this machine; profile "
          + "production refuses it, because the dashboard links in every email would lead nowhere", null);
    }
  }

  /** A link that a manager's browser resolves to the manager's own computer (or to no host at all). */
  static boolean pointsAtThisMachine(String url) {
    String host;
    try {
      host = URI.create(url.trim()).getHost();
    } catch (IllegalArgumentException e) {
      return true;
    }
    if (host == null) {
      return true;
    }
    String name = host.toLowerCase(Locale.ROOT).replaceAll("^\\[|\\]$", "");
    return name.equals("localhost") || name.endsWith(".localhost") || name.startsWith("127.") || name.equals("::1")
        || name.equals("0.0.0.0") || name.equals("0:0:0:0:0:0:0:1");
  }
}
