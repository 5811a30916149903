package se.indikatorvakt.http;

import java.time.Duration;
import se.indikatorvakt.config.SettingsReader;

/** {@code idleTimeout}: a connection that sends and receives nothing this long is closed (both ports). */
public record HttpSettings(String host, int port, int instances, int bodyLimitBytes, int maxBatchSize,
    String publicBaseUrl, Duration idleTimeout) {

  public static HttpSettings from(SettingsReader in) {
    return new HttpSettings(
        in.string("http.host"),
        in.port("http.port", true),
        in.integer("http.instances", 1, 64),
        in.integer("http.bodyLimitBytes", 1024, 256 * 1024 * 1024),
        in.integer("http.maxBatchSize", 1, 1_000_000),
        in.string("http.publicBaseUrl").replaceAll("/+$", ""),
        in.duration("http.idleTimeout", Duration.ofSeconds(1)));
  }
}
