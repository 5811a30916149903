package se.indikatorvakt.ingest;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import se.indikatorvakt.catalog.Catalog;
import se.indikatorvakt.catalog.Gender;
import se.indikatorvakt.catalog.Indicator;
import se.indikatorvakt.catalog.Period;
import se.indikatorvakt.catalog.PeriodType;

/**
 * The filters of GET /measurements and GET /measurements/history, read from query parameters.
 * A value is included when its period starts within [start of {@code from}, end of {@code to}].
 */
public record MeasurementQuery(Optional<String> indicator, Optional<String> orgUnit, Optional<Gender> gender,
    Optional<LocalDate> from, Optional<LocalDate> to, int limit, Optional<Cursor> after) {
  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 1000;

  /** Where the previous page ended: the sort key of its last row, opaque to callers. */
  public record Cursor(String indicator, String orgUnit, String gender, LocalDate periodStart, LocalDate periodEnd) {
    public String encode() {
      String text = String.join("|", indicator, orgUnit, gender, periodStart.toString(), periodEnd.toString());
      return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static Optional<Cursor> decode(String token) {
      try {
        String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\\|", -1);
        if (parts.length != 5) {
          return Optional.empty();
        }
        return Optional.of(new Cursor(parts[0], parts[1], parts[2], LocalDate.parse(parts[3]),
            LocalDate.parse(parts[4])));
      } catch (IllegalArgumentException | DateTimeParseException e) {
        return Optional.empty();
      }
    }
  }

  /** Either a query or what is wrong with the parameters (pointers name the parameter: "?from"). */
  public record Parsed<T>(T query, List<Violation> violations) {}

  public static Parsed<MeasurementQuery> list(Map<String, String> params, Catalog catalog) {
    List<Violation> violations = new ArrayList<>();
    Optional<String> indicator = id(params, "indicator", catalog, violations);
    Optional<String> orgUnit = id(params, "orgUnit", catalog, violations);
    Optional<Gender> gender = gender(params.get("gender"), violations);
    Optional<LocalDate> from = bound(params.get("from"), "from", true, violations);
    Optional<LocalDate> to = bound(params.get("to"), "to", false, violations);
    int limit = DEFAULT_LIMIT;
    if (params.get("limit") != null) {
      try {
        limit = Integer.parseInt(params.get("limit"));
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > MAX_LIMIT) {
        violations.add(new Violation("?limit", "must be a whole number from 1 to " + MAX_LIMIT,
            Violation.INVALID_FIELD));
      }
    }
    Optional<Cursor> after = Optional.empty();
    if (params.get("cursor") != null) {
      after = Cursor.decode(params.get("cursor"));
      if (after.isEmpty()) {
        violations.add(new Violation("?cursor", "is not a cursor this service gave (use the previous page's next)",
            Violation.INVALID_FIELD));
      }
    }
    return new Parsed<>(violations.isEmpty()
        ? new MeasurementQuery(indicator, orgUnit, gender, from, to, limit, after) : null, violations);
  }

  /** The one key of GET /measurements/history; gender defaults to T, the period must fit the indicator. */
  public static Parsed<MeasurementKey> history(Map<String, String> params, Catalog catalog) {
    List<Violation> violations = new ArrayList<>();
    Optional<String> indicatorId = id(params, "indicator", catalog, violations);
    Optional<String> orgUnit = id(params, "orgUnit", catalog, violations);
    Optional<Gender> gender = gender(params.get("gender"), violations);
    String notation = params.get("period");
    for (String required : List.of("indicator", "orgUnit", "period")) {
      if (params.get(required) == null) {
        violations.add(new Violation("?" + required, "is required", Violation.INVALID_FIELD));
      }
    }
    Optional<Indicator> indicator = indicatorId.flatMap(catalog::indicator);
    String period = null;
    if (indicator.isPresent() && notation != null) {
      try {
        if (!MeasurementValidator.PERIOD.matcher(notation).matches()) {
          throw new IllegalArgumentException("not a period notation");
        }
        period = Period.parse(indicator.get().periodType(), notation).notation();
      } catch (IllegalArgumentException | java.time.DateTimeException e) {
        violations.add(new Violation("?period", "does not fit this indicator, which is reported per "
            + indicator.get().periodType().code(), Violation.INVALID_PERIOD));
      }
    }
    return new Parsed<>(violations.isEmpty()
        ? new MeasurementKey(indicatorId.get(), orgUnit.get(), gender.orElse(Gender.T), period) : null, violations);
  }

  private static Optional<String> id(Map<String, String> params, String name, Catalog catalog,
      List<Violation> violations) {
    String id = params.get(name);
    if (id == null) {
      return Optional.empty();
    }
    boolean known = name.equals("indicator") ? catalog.indicator(id).isPresent()
        : catalog.organisation().unit(id).isPresent();
    if (!known) {
      violations.add(new Violation("?" + name, name.equals("indicator") ? "is not an indicator of the catalog"
          : "is not an org unit of the organisation", name.equals("indicator") ? Violation.UNKNOWN_INDICATOR
          : Violation.UNKNOWN_ORG_UNIT));
      return Optional.empty();
    }
    return Optional.of(id);
  }

  private static Optional<Gender> gender(String text, List<Violation> violations) {
    if (text == null) {
      return Optional.empty();
    }
    for (Gender gender : Gender.values()) {
      if (gender.name().equals(text)) {
        return Optional.of(gender);
      }
    }
    violations.add(new Violation("?gender", "must be T, K or M", Violation.INVALID_FIELD));
    return Optional.empty();
  }

  /** A period notation of any type, or a date: its first day for {@code from}, its last for {@code to}. */
  private static Optional<LocalDate> bound(String text, String name, boolean start, List<Violation> violations) {
    if (text == null) {
      return Optional.empty();
    }
    try {
      Optional<PeriodType> type = MeasurementValidator.PERIOD.matcher(text).matches() ? Period.detectType(text)
          : Optional.empty();
      if (type.isPresent()) {
        Period period = Period.parse(type.get(), text);
        return Optional.of(start ? period.start() : period.end());
      }
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      // reported below like any other unreadable bound
    }
    violations.add(new Violation("?" + name, "is neither a period notation (2022, 2022-T1, 2022-05, ...) nor a date",
        Violation.INVALID_PERIOD));
    return Optional.empty();
  }
}
