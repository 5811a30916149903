package se.indikatorvakt.config;

import java.util.List;

/** A setting that cannot be used; the message names the setting, its environment variable and what is wrong. */
public final class SettingsException extends RuntimeException {
  private final List<String> problems;

  public SettingsException(List<String> problems) {
    super(String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
