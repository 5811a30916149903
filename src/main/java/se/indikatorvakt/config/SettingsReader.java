package se.indikatorvakt.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads typed values out of a {@link SettingsSource}, collecting every problem so that one start
 * reports all bad settings, each on its own line naming the setting and what is wrong.
 */
public final class SettingsReader {
  private final SettingsSource source;
  private final List<String> problems = new ArrayList<>();

  public SettingsReader(SettingsSource source) {
    this.source = source;
  }

  public Path configDir() {
    return source.configDir();
  }

  public String string(String path) {
    Object raw = source.raw(path);
    return raw == null ? "" : String.valueOf(raw);
  }

  public Optional<String> optionalString(String path) {
    String value = string(path).trim();
    return value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  public int port(String path, boolean zeroAllowed) {
    int value = integer(path, zeroAllowed ? 0 : 1, 65535);
    return value;
  }

  public int integer(String path, int min, int max) {
    Object raw = source.raw(path);
    long value;
    if (raw instanceof Integer || raw instanceof Long) {
      value = ((Number) raw).longValue();
    } else {
      try {
        value = Long.parseLong(String.valueOf(raw).trim());
      } catch (NumberFormatException e) {
        return fail(path, "'" + raw + "' is not a whole number", min);
      }
    }
    if (value < min || value > max) {
      return fail(path, value + " is outside " + min + ".." + max, min);
    }
    return (int) value;
  }

  public double decimal(String path, double min, double max) {
    Object raw = source.raw(path);
    double value;
    try {
      value = raw instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(raw).trim());
    } catch (NumberFormatException e) {
      return fail(path, "'" + raw + "' is not a number", min);
    }
    if (!Double.isFinite(value) || value < min || value > max) {
      return fail(path, value + " is outside " + min + ".." + max, min);
    }
    return value;
  }

  public boolean bool(String path) {
    Object raw = source.raw(path);
    if (raw instanceof Boolean b) {
      return b;
    }
    String text = String.valueOf(raw).trim().toLowerCase(Locale.ROOT);
    if (text.equals("true") || text.equals("false")) {
      return Boolean.parseBoolean(text);
    }
    return fail(path, "'" + raw + "' is not true or false", false);
  }

  public Duration duration(String path, Duration min) {
    String raw = string(path).trim();
    try {
      Duration value = Duration.parse(raw);
      if (value.compareTo(min) < 0) {
        return fail(path, raw + " is shorter than " + min, min);
      }
      return value;
    } catch (DateTimeParseException e) {
      return fail(path, "'" + raw + "' is not an ISO-8601 duration such as PT30S or P7D", min);
    }
  }

  public <E extends Enum<E>> E oneOf(String path, Class<E> type, Function<E, String> code) {
    String raw = string(path).trim();
    E[] constants = type.getEnumConstants();
    for (E constant : constants) {
      if (code.apply(constant).equals(raw)) {
        return constant;
      }
    }
    List<String> allowed = Arrays.stream(constants).map(code).toList();
    return fail(path, "'" + raw + "' is not one of " + String.join(", ", allowed), constants[0]);
  }

  /** A structured value (a list of maps, for instance); the caller validates it and reports through {@link #problem}. */
  public Object structure(String path) {
    return source.raw(path);
  }

  @SuppressWarnings("unchecked")
  public List<Map<String, Object>> listOfMaps(String path) {
    Object raw = source.raw(path);
    if (raw == null || "".equals(raw)) {
      return List.of();
    }
    if (raw instanceof List<?> list && list.stream().allMatch(item -> item instanceof Map)) {
      return (List<Map<String, Object>>) raw;
    }
    return fail(path, "expected a list of entries", List.of());
  }

  public <T> T problem(String path, String message, T placeholder) {
    return fail(path, message, placeholder);
  }

  /** Throws one {@link SettingsException} listing every problem found so far. */
  public void throwIfInvalid() {
    if (!problems.isEmpty()) {
      throw new SettingsException(problems);
    }
  }

  private <T> T fail(String path, String message, T placeholder) {
    problems.add(source.describe(path) + ": " + message);
    return placeholder;
  }
}
