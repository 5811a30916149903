package se.indikatorvakt.notification;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import se.indikatorvakt.config.SettingsReader;

/** {@code host} empty means: write messages as .eml files into {@code emlDir}. */
public record SmtpSettings(Optional<String> host, int port, SmtpSecurity security, Optional<String> username,
    Optional<String> password, String from, Optional<String> replyTo, Duration sendTimeout, Path emlDir) {

  public enum SmtpSecurity {
    STARTTLS, TLS, NONE;

    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static SmtpSettings from(SettingsReader in) {
    return new SmtpSettings(
        in.optionalString("smtp.host"),
        in.port("smtp.port", false),
        in.oneOf("smtp.security", SmtpSecurity.class, SmtpSecurity::code),
        in.optionalString("smtp.username"),
        in.optionalString("smtp.password"),
        in.string("smtp.from"),
        in.optionalString("smtp.replyTo"),
        in.duration("smtp.sendTimeout", Duration.ofMillis(100)),
        Path.of(in.string("smtp.emlDir")));
  }
}
