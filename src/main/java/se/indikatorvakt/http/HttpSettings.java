package se.indikatorvakt.http;

import java.time.Duration;
import se.indikatorvakt.config.SettingsReader;

/**
 * {@code idleTimeout}: a connection that sends and receives nothing this long is closed (both ports);
 * {@code headerTimeout}: a request's headers must be complete this long after their first byte, and a body must
 * then arrive at {@code minBodyBytesPerSecond} on average after the same grace (both ports).
 */
public record HttpSettings(String host, int port, int instances, int bodyLimitBytes, int maxBatchSize,
    String publicBaseUrl, Duration idleTimeout, Duration headerTimeout, int minBodyBytesPerSecond) {

  public static HttpSettings from(SettingsReader in) {
    return new HttpSettings(
        in.string("http.host"),
        in.port("http.port", true),
        in.integer("http.instances", 1, 64),
        in.integer("http.bodyLimitBytes", 1024, 256 * 1024 * 1024),
        in.integer("http.maxBatchSize", 1, 1_000_000),
        in.string("http.publicBaseUrl").replaceAll("/+$", ""),
        in.duration("http.idleTimeout", Duration.ofSeconds(1)),
        in.duration("http.headerTimeout", Duration.ofMillis(100)),
        in.integer("http.minBodyBytesPerSecond", 1, 1_000_000_000));
  }

  /** What a connection may take of the service while it sends a request. */
  public ConnectionLimits connectionLimits() {
    return new ConnectionLimits(idleTimeout, headerTimeout, minBodyBytesPerSecond);
  }
}
