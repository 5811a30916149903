package se.indikatorvakt.http;

import se.indikatorvakt.config.SettingsReader;

public record ManagementSettings(String host, int port) {

  public static ManagementSettings from(SettingsReader in) {
    return new ManagementSettings(
        in.string("management.host"),
        in.port("management.port", true));
  }
}
