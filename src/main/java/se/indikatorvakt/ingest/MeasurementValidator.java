package se.indikatorvakt.ingest;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import se.indikatorvakt.catalog.Catalog;
import se.indikatorvakt.catalog.Gender;
import se.indikatorvakt.catalog.Indicator;
import se.indikatorvakt.catalog.Kommun;
import se.indikatorvakt.catalog.OrgUnit;
import se.indikatorvakt.catalog.Period;
import se.indikatorvakt.catalog.PeriodType;
import se.indikatorvakt.text.PersonalIdentityNumbers;
import se.indikatorvakt.text.StrictJson;

/**
 * The rules a posted measurement must meet, applied to a body read by {@link StrictJson}: every
 * problem of every item is collected (a batch is all or nothing, so the caller needs the whole
 * list), each with the JSON pointer of its field. The same rules are written as the Measurement
 * schema in openapi.yaml; catalog facts (known ids, period type, unit range) are checked here only.
 *
 * <p>Unknown fields are refused rather than ignored, so that a typo ({@code vaule}) cannot pass as a
 * measurement without its value. {@code source} is accepted as a free-text reference: the source
 * system recorded with a value is always the API key's. Free text holding a personnummer or
 * samordningsnummer is refused and never repeated in the answer (OSL 26 kap.).
 */
public final class MeasurementValidator {
  /** "Today" and "the future" are Swedish dates: a period begins at midnight in Sweden. */
  public static final ZoneId SWEDEN = ZoneId.of("Europe/Stockholm");
  public static final Set<String> FIELDS =
      Set.of("indicator", "orgUnit", "period", "value", "gender", "observedAt", "comment", "source");
  /** The notations of catalog-format.md; the same pattern as PeriodNotation in openapi.yaml. */
  public static final Pattern PERIOD =
      Pattern.compile("[0-9]{4}(-(0[1-9]|1[0-2])(-[0-9]{2}|-R12)?|-Q[1-4]|-T[1-3]|-H[12]|-D([1-9]|1[0-2]))?");
  public static final int MAX_COMMENT = 1000;
  public static final int MAX_REFERENCE = 500;
  private static final int EARLIEST_YEAR = 1900;
  private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
  private static final String FIELD_LIST = "indicator, orgUnit, period, value, gender, observedAt, comment, source";

  private final Catalog catalog;
  private final Instant now;
  private final LocalDate today;
  private final int maxBatchSize;
  private final Collection<String> writerKommuner;
  /** {@link #organisation()} once made; two workers checking halves of a body may both make it, to the same text. */
  private String organisation;

  public MeasurementValidator(Catalog catalog, Instant now, int maxBatchSize) {
    this(catalog, now, maxBatchSize, List.of());
  }

  /**
   * @param writerKommuner the codes of the kommuner the values are written for (the key's), named when a unit is
   *     unknown; empty: the installation's organisation is named
   */
  public MeasurementValidator(Catalog catalog, Instant now, int maxBatchSize, Collection<String> writerKommuner) {
    this.catalog = catalog;
    this.now = now;
    this.today = LocalDate.ofInstant(now, SWEDEN);
    this.maxBatchSize = maxBatchSize;
    this.writerKommuner = writerKommuner;
  }

  /**
   * What an unknown unit is not a unit of: "kommun 0880 (Kalmar)". Worked out only for that message, not for every
   * request: a validator is made per request, and sorting and naming the kommuner was a noticeable part of a single
   * POST's own work.
   */
  private String organisation() {
    if (organisation == null) {
      List<String> named = writerKommuner.stream().sorted()
          .map(code -> catalog.kommun(code).map(k -> code + " (" + k.name() + ")").orElse(code)).toList();
      organisation = named.isEmpty() ? "the organisation"
          : (named.size() == 1 ? "kommun " : "kommuner ") + String.join(", ", named);
    }
    return organisation;
  }

  /** What a body held: the measurements if it is valid, otherwise every violation. */
  public record Outcome(List<MeasurementInput> measurements, List<Violation> violations, int items,
      boolean tooManyItems) {
    public boolean valid() {
      return violations.isEmpty() && !tooManyItems;
    }
  }

  /** @param body a value from {@link StrictJson#parse}: one measurement object or an array of them */
  public Outcome validate(Object body) {
    List<MeasurementInput> measurements = new ArrayList<>();
    List<Violation> violations = new ArrayList<>();
    if (body instanceof List<?> array) {
      if (array.size() > maxBatchSize) {
        return new Outcome(List.of(), List.of(), array.size(), true);
      }
      return whole(array, List.of(part(array, 0, array.size())));
    }
    if (body instanceof Map<?, ?>) {
      item(body, "", 0, measurements, violations);
      return new Outcome(violations.isEmpty() ? measurements : List.of(), violations, 1, false);
    }
    violations.add(new Violation("", "expected a measurement object or an array of measurement objects",
        Violation.INVALID_FIELD));
    return new Outcome(List.of(), violations, 1, false);
  }

  /** The items of a part of an array body that are valid, and the violations of the others, in item order. */
  public record Part(List<MeasurementInput> measurements, List<Violation> violations) {}

  /**
   * Checks the items {@code from} (inclusive) to {@code to} of an array body of at most {@code maxBatchSize} items on
   * their own, so that callers may check the parts of a large body at once; {@link #whole} puts them together.
   */
  public Part part(List<?> array, int from, int to) {
    List<MeasurementInput> measurements = new ArrayList<>(to - from);
    List<Violation> violations = new ArrayList<>();
    for (int i = from; i < to; i++) {
      item(array.get(i), "/" + i, i, measurements, violations);
    }
    return new Part(measurements, violations);
  }

  /**
   * The outcome of an array body from its {@link #part}s, in item order and covering every item: what no part can see
   * alone, an empty array and a key sent twice, is checked here.
   */
  public Outcome whole(List<?> array, List<Part> parts) {
    List<MeasurementInput> measurements = new ArrayList<>(array.size());
    List<Violation> violations = new ArrayList<>();
    if (array.isEmpty()) {
      violations.add(new Violation("", "the array is empty; send at least one measurement", Violation.INVALID_FIELD));
    }
    for (Part part : parts) {
      measurements.addAll(part.measurements());
      violations.addAll(part.violations());
    }
    violations.addAll(duplicates(measurements));
    return new Outcome(violations.isEmpty() ? measurements : List.of(), violations, array.size(), false);
  }

  /**
   * Checks one measurement object; adds it to {@code out} if it is valid, otherwise its violations.
   * The Kolada import runs its mapped values through here too, so both paths share every rule.
   */
  /** The year it is in Sweden now: no value of a later year is data yet. */
  int currentYear() {
    return today.getYear();
  }

  public void item(Object raw, String pointer, int index, List<MeasurementInput> out, List<Violation> violations) {
    if (!(raw instanceof Map<?, ?> map)) {
      violations.add(new Violation(pointer, "must be a measurement object", Violation.INVALID_FIELD));
      return;
    }
    int before = violations.size();
    for (Object name : map.keySet()) {
      if (!FIELDS.contains(name)) {
        violations.add(unknownField(pointer, (String) name));
      }
    }
    String orgUnit = orgUnit(map, pointer, violations);
    Indicator indicator = inKommun(indicator(map, pointer, violations), orgUnit, pointer, violations);
    Gender gender = gender(map, indicator, pointer, violations);
    Period period = period(map, indicator, pointer, violations);
    existedDuring(orgUnit, period, pointer, violations);
    double value = value(map, indicator, pointer, violations);
    Optional<Instant> observedAt = observedAt(map, pointer, violations);
    Optional<String> comment = freeText(map, "comment", MAX_COMMENT, pointer, violations);
    Optional<String> reference = freeText(map, "source", MAX_REFERENCE, pointer, violations);
    if (violations.size() == before) {
      out.add(new MeasurementInput(index, pointer, catalog.kommunOf(orgUnit).orElseThrow().code(), indicator, orgUnit,
          gender, period, value, observedAt, comment, reference));
    }
  }

  /** Two items with the same key in one request would make the result depend on their order: refused. */
  public static List<Violation> duplicates(List<MeasurementInput> measurements) {
    Map<MeasurementKey, String> first = new HashMap<>();
    List<Violation> violations = new ArrayList<>();
    for (MeasurementInput m : measurements) {
      String earlier = first.putIfAbsent(m.key(), m.pointer());
      if (earlier != null) {
        violations.add(new Violation(m.pointer(), "has the same indicator, orgUnit, gender and period as " + earlier
            + "; send each key once per request", Violation.DUPLICATE_KEY));
      }
    }
    return violations;
  }

  private static Violation unknownField(String pointer, String name) {
    if (name.length() > 100 || PersonalIdentityNumbers.containsAny(name)) {
      return new Violation(pointer, "has a field that is not part of a measurement (allowed: " + FIELD_LIST + ")",
          Violation.INVALID_FIELD);
    }
    return new Violation(pointer + "/" + name.replace("~", "~0").replace("/", "~1"),
        "is not a field of a measurement (allowed: " + FIELD_LIST + ")", Violation.INVALID_FIELD);
  }

  private Indicator indicator(Map<?, ?> map, String pointer, List<Violation> violations) {
    String id = requiredString(map, "indicator", pointer, violations);
    if (id == null) {
      return null;
    }
    Optional<Indicator> indicator = catalog.indicator(id);
    if (indicator.isEmpty()) {
      violations.add(new Violation(pointer + "/indicator", "is not an indicator of the catalog (GET /api/v1/indicators)",
          Violation.UNKNOWN_INDICATOR));
      return null;
    }
    return indicator.get();
  }

  /**
   * The indicator as the unit's kommun follows it (its målvärden and alert policy); null, with a violation naming
   * the kommun, when that kommun does not have it. A measurement's kommun is its unit's.
   */
  private Indicator inKommun(Indicator indicator, String orgUnit, String pointer, List<Violation> violations) {
    if (indicator == null || orgUnit == null) {
      return indicator;
    }
    Optional<Kommun> kommun = catalog.kommunOf(orgUnit);
    Optional<Indicator> own = kommun.flatMap(k -> k.indicator(indicator.id()));
    if (own.isEmpty()) {
      violations.add(new Violation(pointer + "/indicator", kommun.map(k -> "is not an indicator of kommun "
          + k.code() + " (" + k.name() + "), the kommun of org unit " + orgUnit).orElse("is not an indicator of the "
          + "kommun of org unit " + orgUnit), Violation.UNKNOWN_INDICATOR));
      return null;
    }
    return own.get();
  }

  private String orgUnit(Map<?, ?> map, String pointer, List<Violation> violations) {
    String id = requiredString(map, "orgUnit", pointer, violations);
    if (id == null) {
      return null;
    }
    if (catalog.organisation().unit(id).isEmpty()) {
      violations.add(new Violation(pointer + "/orgUnit", "is not an org unit of " + organisation()
          + " (GET /api/v1/organisation)", Violation.UNKNOWN_ORG_UNIT));
      return null;
    }
    return id;
  }

  /** Municipalities reorganise: a unit that was closed before the period began (or opened after it) cannot report it. */
  private void existedDuring(String orgUnit, Period period, String pointer, List<Violation> violations) {
    if (orgUnit == null || period == null) {
      return;
    }
    OrgUnit unit = catalog.organisation().unit(orgUnit).orElseThrow();
    boolean openedAfter = unit.validFrom().isAfter(period.end());
    boolean closedBefore = unit.validTo().map(to -> to.isBefore(period.start())).orElse(false);
    if (openedAfter || closedBefore) {
      violations.add(new Violation(pointer + "/orgUnit", "did not exist during this period (valid from "
          + unit.validFrom() + unit.validTo().map(to -> " to " + to).orElse("") + ")", Violation.ORG_UNIT_NOT_VALID));
    }
  }

  private static Gender gender(Map<?, ?> map, Indicator indicator, String pointer, List<Violation> violations) {
    if (!map.containsKey("gender")) {
      return Gender.T;
    }
    Object raw = map.get("gender");
    Gender gender = switch (raw instanceof String text ? text : "") {
      case "T" -> Gender.T;
      case "K" -> Gender.K;
      case "M" -> Gender.M;
      default -> null;
    };
    if (gender == null) {
      violations.add(new Violation(pointer + "/gender", "must be \"T\" (totalt), \"K\" (kvinnor) or \"M\" (män)",
          Violation.INVALID_FIELD));
      return null;
    }
    if (gender != Gender.T && indicator != null && !indicator.breakdowns().contains("gender")) {
      violations.add(new Violation(pointer + "/gender", "this indicator is not broken down by kön; send \"T\" or "
          + "leave gender out", Violation.INVALID_FIELD));
      return null;
    }
    return gender;
  }

  private Period period(Map<?, ?> map, Indicator indicator, String pointer, List<Violation> violations) {
    String notation = requiredString(map, "period", pointer, violations);
    if (notation == null) {
      return null;
    }
    if (indicator == null) {
      if (!PERIOD.matcher(notation).matches()) {
        violations.add(new Violation(at(pointer, "period"), "is not a period notation (2022-05-12, 2022-05, 2022-Q1, "
            + "2022-T1, 2022-D8, 2022-H1, 2022 or 2022-05-R12)", Violation.INVALID_PERIOD));
      }
      return null;
    }
    Period period;
    try {
      // Period.parse accepts a subset of PERIOD (one type, real calendar dates), so PERIOD needs no second look
      period = Period.parse(indicator.periodType(), notation);
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      violations.add(new Violation(at(pointer, "period"), "does not fit this indicator, which is reported per "
          + indicator.periodType().code() + " (like " + example(indicator.periodType()) + ")",
          Violation.INVALID_PERIOD));
      return null;
    }
    if (period.year() < EARLIEST_YEAR) {
      violations.add(new Violation(at(pointer, "period"), "lies before " + EARLIEST_YEAR
          + ", which cannot be a real measurement", Violation.INVALID_PERIOD));
      return null;
    }
    if (period.start().isAfter(today)) {
      violations.add(new Violation(at(pointer, "period"), "lies in the future (it begins " + period.start()
          + "); a period can be reported once it has begun", Violation.FUTURE_PERIOD));
      return null;
    }
    return period;
  }

  private static String example(PeriodType type) {
    return switch (type) {
      case DAY -> "2022-05-12";
      case MONTH -> "2022-05";
      case QUARTER -> "2022-Q1";
      case TERTIAL -> "2022-T1";
      case INTERIM -> "2022-D8";
      case HALF_YEAR -> "2022-H1";
      case YEAR -> "2022";
      case ROLLING_12_MONTHS -> "2022-05-R12";
    };
  }

  private static double value(Map<?, ?> map, Indicator indicator, String pointer, List<Violation> violations) {
    if (!map.containsKey("value")) {
      violations.add(new Violation(at(pointer, "value"), "is required", Violation.INVALID_FIELD));
      return Double.NaN;
    }
    Object raw = map.get("value");
    if (raw == StrictJson.UNREPRESENTABLE) {
      violations.add(new Violation(at(pointer, "value"), "is beyond the range of a double-precision number",
          Violation.VALUE_OUT_OF_RANGE));
      return Double.NaN;
    }
    if (!(raw instanceof Double number) || !Double.isFinite(number)) {
      violations.add(new Violation(at(pointer, "value"), "must be a number (not a string, null, object or array)",
          Violation.INVALID_FIELD));
      return Double.NaN;
    }
    if (indicator != null) {
      Optional<String> problem = indicator.validRange().isPresent()
          ? indicator.validRange().get().problem(number) : indicator.unit().rangeProblem(number);
      if (problem.isPresent()) {
        violations.add(new Violation(at(pointer, "value"), problem.get(), Violation.VALUE_OUT_OF_RANGE));
      }
    }
    return number;
  }

  private Optional<Instant> observedAt(Map<?, ?> map, String pointer, List<Violation> violations) {
    if (!map.containsKey("observedAt")) {
      return Optional.empty();
    }
    if (!(map.get("observedAt") instanceof String text)) {
      violations.add(new Violation(at(pointer, "observedAt"),
          "must be a timestamp string like 2022-05-12T08:30:00+02:00", Violation.INVALID_FIELD));
      return Optional.empty();
    }
    try {
      Instant instant = OffsetDateTime.parse(text).toInstant();
      if (instant.isAfter(now.plus(CLOCK_SKEW))) {
        violations.add(new Violation(at(pointer, "observedAt"), "lies in the future", Violation.INVALID_FIELD));
      }
      return Optional.of(instant);
    } catch (DateTimeParseException e) {
      violations.add(new Violation(at(pointer, "observedAt"),
          "is not an RFC 3339 timestamp with offset, like 2022-05-12T08:30:00+02:00", Violation.INVALID_FIELD));
      return Optional.empty();
    }
  }

  private static Optional<String> freeText(Map<?, ?> map, String field, int maxLength, String pointer,
      List<Violation> violations) {
    if (!map.containsKey(field)) {
      return Optional.empty();
    }
    if (!(map.get(field) instanceof String text)) {
      violations.add(new Violation(at(pointer, field), "must be a string", Violation.INVALID_FIELD));
      return Optional.empty();
    }
    if (PersonalIdentityNumbers.containsAny(text)) {
      violations.add(new Violation(at(pointer, field), "contains a personnummer or samordningsnummer; personal data "
          + "must not be sent (OSL 26 kap.). The text was not stored", Violation.PERSONAL_DATA));
      return Optional.empty();
    }
    if (text.length() > maxLength) {
      violations.add(new Violation(at(pointer, field), "is longer than " + maxLength + " characters",
          Violation.INVALID_FIELD));
      return Optional.empty();
    }
    return Optional.of(text);
  }

  /**
   * The pointer of an item's field, made only for a violation: valid items, nearly all of them, need none, and every
   * field's text made in advance was garbage of every request.
   */
  private static String at(String pointer, String field) {
    return pointer + "/" + field;
  }

  private static String requiredString(Map<?, ?> map, String field, String pointer, List<Violation> violations) {
    if (!map.containsKey(field)) {
      violations.add(new Violation(at(pointer, field), "is required", Violation.INVALID_FIELD));
      return null;
    }
    if (!(map.get(field) instanceof String text)) {
      violations.add(new Violation(at(pointer, field), "must be a string", Violation.INVALID_FIELD));
      return null;
    }
    return text;
  }
}
