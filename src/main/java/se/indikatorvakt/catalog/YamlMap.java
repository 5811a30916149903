package se.indikatorvakt.catalog;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Function;

/**
 * A YAML mapping read field by field: every accessor reports what is wrong with its field and returns empty, so a
 * reader goes on and finds the next problem instead of stopping at the first.
 */
final class YamlMap {
  private final Map<?, ?> map;
  private final Problems problems;
  private final String kommun;
  private final String file;
  private final String entry;
  private final String prefix;

  YamlMap(Map<?, ?> map, Problems problems, String kommun, String file, String entry, String prefix) {
    this.map = map;
    this.problems = problems;
    this.kommun = kommun;
    this.file = file;
    this.entry = entry;
    this.prefix = prefix;
  }

  /** The same mapping as an entry of its own, e.g. "indicator 'x'": its fields are then named from it. */
  YamlMap as(String entryName) {
    return new YamlMap(map, problems, kommun, file, entryName, "");
  }

  void problem(String key, String message) {
    problems.add(kommun, file, entry, key.isEmpty() ? stripDot(prefix) : prefix + key, message);
  }

  /** How many problems the whole load has found so far; a reader compares it to tell whether its part was clean. */
  int problemCount() {
    return problems.count();
  }

  /** The {@code source: {document, line}} of an entry: the seed document's file name and the line of the evidence. */
  Optional<Source> source(boolean required) {
    Optional<YamlMap> block = optionalMap("source");
    if (block.isEmpty()) {
      if (required) {
        problem("source", "is required ({document: <seed file name>, line: <line>})");
      }
      return Optional.empty();
    }
    YamlMap source = block.get();
    source.rejectUnknown(Set.of("document", "line"));
    Optional<String> document = source.requiredText("document");
    Optional<Integer> line = source.optionalInteger("line");
    if (!source.has("line")) {
      source.problem("line", "is required (the line of the evidence, 1 or more)");
    }
    line.filter(l -> l < 1).ifPresent(l -> source.problem("line", "must be at least 1, got " + l));
    if (document.isEmpty() || line.filter(l -> l >= 1).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Source(document.get(), line.get()));
  }

  /** A list of numbers, e.g. the values of an ordinal scale. */
  List<Double> numbers(String key, boolean required) {
    List<Double> numbers = new ArrayList<>();
    List<?> items = list(key, required);
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i) instanceof Number number && Double.isFinite(number.doubleValue())) {
        numbers.add(number.doubleValue());
      } else {
        problem(key + "[" + i + "]", "must be a finite number, got " + items.get(i));
      }
    }
    return numbers;
  }

  boolean has(String key) {
    return map.get(key) != null;
  }

  void rejectUnknown(Set<String> known) {
    map.keySet().stream()
        .map(String::valueOf)
        .filter(key -> !known.contains(key))
        .sorted()
        .forEach(key -> problem(key, "unknown field; expected one of " + String.join(", ", known.stream()
            .sorted().toList())));
  }

  Optional<String> requiredText(String key) {
    return text(key, true);
  }

  Optional<String> optionalText(String key) {
    return text(key, false);
  }

  OptionalDouble requiredNumber(String key) {
    return number(key, true);
  }

  OptionalDouble optionalNumber(String key) {
    return number(key, false);
  }

  Optional<Integer> optionalInteger(String key) {
    OptionalDouble number = number(key, false);
    if (number.isEmpty()) {
      return Optional.empty();
    }
    double value = number.getAsDouble();
    if (value != Math.rint(value) || Math.abs(value) > Integer.MAX_VALUE) {
      problem(key, "must be a whole number, got " + map.get(key));
      return Optional.empty();
    }
    return Optional.of((int) value);
  }

  Optional<Boolean> optionalBoolean(String key) {
    Object value = map.get(key);
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof Boolean flag) {
      return Optional.of(flag);
    }
    problem(key, "must be true or false, got " + value);
    return Optional.empty();
  }

  Optional<LocalDate> requiredDate(String key) {
    if (!has(key)) {
      problem(key, "is required (a date like 2022-01-31)");
      return Optional.empty();
    }
    return optionalDate(key);
  }

  Optional<LocalDate> optionalDate(String key) {
    return optionalText(key).flatMap(text -> {
      try {
        return Optional.of(LocalDate.parse(text));
      } catch (DateTimeParseException e) {
        problem(key, "must be a date like 2022-01-31, got '" + text + "'");
        return Optional.empty();
      }
    });
  }

  Optional<Duration> optionalDuration(String key) {
    return optionalText(key).flatMap(text -> {
      try {
        return Optional.of(Duration.parse(text));
      } catch (DateTimeParseException e) {
        problem(key, "malformed duration '" + text + "'; expected ISO-8601 like P7D, PT12H or PT0S");
        return Optional.empty();
      }
    });
  }

  /** A value from a fixed vocabulary, e.g. a unit code; an unknown value is reported with the allowed ones. */
  <T> Optional<T> requiredCode(String key, Function<String, Optional<T>> parse, List<String> allowed) {
    return requiredText(key).flatMap(text -> code(key, text, parse, allowed));
  }

  /** A code that may be absent; an unknown one is reported and read as absent. */
  <T> Optional<T> optionalCode(String key, Function<String, Optional<T>> parse, List<String> allowed) {
    return optionalText(key).flatMap(text -> code(key, text, parse, allowed));
  }

  private <T> Optional<T> code(String key, String text, Function<String, Optional<T>> parse, List<String> allowed) {
    Optional<T> parsed = parse.apply(text);
    if (parsed.isEmpty()) {
      problem(key, "unknown value '" + text + "'; expected one of " + String.join(", ", allowed));
    }
    return parsed;
  }

  Optional<YamlMap> optionalMap(String key) {
    Object value = map.get(key);
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof Map<?, ?> child) {
      return Optional.of(new YamlMap(child, problems, kommun, file, entry, prefix + key + "."));
    }
    problem(key, "must be a mapping of fields");
    return Optional.empty();
  }

  /** The mappings of a list; an entry that is not a mapping is reported and left out. */
  List<YamlMap> maps(String key, boolean required) {
    List<YamlMap> maps = new ArrayList<>();
    List<?> items = list(key, required);
    for (int i = 0; i < items.size(); i++) {
      String field = key + "[" + i + "]";
      if (items.get(i) instanceof Map<?, ?> child) {
        maps.add(new YamlMap(child, problems, kommun, file, entry, prefix + field + "."));
      } else {
        problem(field, "must be a mapping of fields");
      }
    }
    return maps;
  }

  List<String> texts(String key, boolean required) {
    List<String> texts = new ArrayList<>();
    List<?> items = list(key, required);
    for (int i = 0; i < items.size(); i++) {
      Object item = items.get(i);
      if (item instanceof String text && !text.isBlank()) {
        texts.add(text);
      } else {
        problem(key + "[" + i + "]", "must be a non-empty text, got " + item);
      }
    }
    return texts;
  }

  private List<?> list(String key, boolean required) {
    Object value = map.get(key);
    if (value == null) {
      if (required) {
        problem(key, "is required (a list)");
      }
      return List.of();
    }
    if (value instanceof List<?> items) {
      return items;
    }
    problem(key, "must be a list");
    return List.of();
  }

  private Optional<String> text(String key, boolean required) {
    Object value = map.get(key);
    if (value == null) {
      if (required) {
        problem(key, "is required");
      }
      return Optional.empty();
    }
    Optional<String> text = scalarText(value);
    if (text.isEmpty()) {
      problem(key, "must be a text");
    } else if (text.get().isBlank()) {
      problem(key, "must not be blank");
      return Optional.empty();
    }
    return text;
  }

  /** Unquoted years and dates arrive as numbers and dates from SnakeYAML; they mean the text the author wrote. */
  private static Optional<String> scalarText(Object value) {
    if (value instanceof String text) {
      return Optional.of(text);
    }
    if (value instanceof Integer || value instanceof Long) {
      return Optional.of(value.toString());
    }
    if (value instanceof Date date) {
      return Optional.of(date.toInstant().atOffset(ZoneOffset.UTC).toLocalDate().toString());
    }
    return Optional.empty();
  }

  private OptionalDouble number(String key, boolean required) {
    Object value = map.get(key);
    if (value == null) {
      if (required) {
        problem(key, "is required (a number)");
      }
      return OptionalDouble.empty();
    }
    if (value instanceof Number number && Double.isFinite(number.doubleValue())) {
      return OptionalDouble.of(number.doubleValue());
    }
    problem(key, "must be a finite number, got '" + value + "'");
    return OptionalDouble.empty();
  }

  private static String stripDot(String prefix) {
    return prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix;
  }
}
