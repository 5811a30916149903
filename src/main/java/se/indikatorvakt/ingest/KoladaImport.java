package se.indikatorvakt.ingest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import se.indikatorvakt.catalog.Catalog;
import se.indikatorvakt.catalog.Indicator;
import se.indikatorvakt.catalog.Kommun;
import se.indikatorvakt.catalog.MeasurementUnit;
import se.indikatorvakt.catalog.PeriodType;
import se.indikatorvakt.text.PersonalIdentityNumbers;

/**
 * Maps a Kolada API response (v2: {@code {"values":[{"kpi","municipality","period","values":[{"gender",
 * "value","count","status"}]}],"count","next_page"}}; v3 writes period as a number and pages with
 * next_url) to measurements of the catalog. Pure.
 *
 * <p>The {@code municipality} of a value is the four-digit code of a kommun: a kommun of the installation gets its
 * value as a measurement of each of its indicators with that {@code koladaKpi}, at its root unit. Every kommun's
 * value (of the installation or not) of a KPI the catalog names is also comparison data ({@link Comparison}), from
 * which the place of a kommun among all kommuner in the data is computed ({@link KoladaComparison}); a rang
 * indicator with that {@code koladaKpi} gets that place ({@link #places}). Riket (0000), regions and groups of
 * kommuner are no kommun and are neither imported nor compared.
 *
 * <p>What cannot be mapped is reported, not refused: a Kolada response for many municipalities or KPIs is normal.
 * A null value (Kolada publishes them, e.g. with status "Missing") is skipped and counted. Mapped values pass
 * through {@link MeasurementValidator#item} like posted measurements, so they meet the same rules;
 * fields Kolada may add are ignored because the document is Kolada's, not ours.
 */
public final class KoladaImport {
  private KoladaImport() {}

  /** A Kolada value that was not imported, with why. */
  public record Unmapped(String pointer, String kpi, String municipality, String period, String gender,
      String reason) {}

  /** One kommun's published value, kept as comparison data for the places. */
  public record Comparison(String pointer, String kpi, int year, String municipality, String gender, double value) {}

  /**
   * @param measurements the installation's kommuner's values, for their indicators with the KPI
   * @param places a measurement of each rang indicator with the KPI for each of the installation's kommuner whose
   *     value is in the response; its value is a placeholder until {@link KoladaComparison} computes the place
   * @param comparison every kommun's value of a KPI the catalog names
   */
  public record Mapping(List<MeasurementInput> measurements, List<MeasurementInput> places, List<Comparison> comparison,
      List<Unmapped> unmapped, int received, int nullValues, List<Violation> violations) {
    /** The same mapping without what the key may not write, which is reported instead. */
    public Mapping writable(List<MeasurementInput> notWritable, Function<MeasurementInput, Unmapped> why) {
      List<Unmapped> reported = new ArrayList<>(unmapped);
      notWritable.forEach(m -> reported.add(why.apply(m)));
      return new Mapping(measurements.stream().filter(m -> !notWritable.contains(m)).toList(),
          places.stream().filter(m -> !notWritable.contains(m)).toList(), comparison, List.copyOf(reported), received,
          nullValues, violations);
    }

    public Mapping alsoUnmapped(List<Unmapped> more) {
      List<Unmapped> reported = new ArrayList<>(unmapped);
      reported.addAll(more);
      return new Mapping(measurements, places, comparison, List.copyOf(reported), received, nullValues, violations);
    }
  }

  /** Kolada's municipality codes: a kommun's four digits; 0000 is Riket, 00xx the regions. */
  private static final Pattern KOMMUN_CODE = Pattern.compile("(?!00)[0-9]{4}");
  static final double PLACEHOLDER = 1;

  public static Mapping map(Object body, Catalog catalog, MeasurementValidator validator) {
    List<MeasurementInput> measurements = new ArrayList<>();
    List<MeasurementInput> places = new ArrayList<>();
    List<Comparison> comparison = new ArrayList<>();
    Map<List<Object>, String> compared = new HashMap<>();
    List<Unmapped> unmapped = new ArrayList<>();
    List<Violation> violations = new ArrayList<>();
    int received = 0;
    int nullValues = 0;
    if (!(body instanceof Map<?, ?> envelope) || !(envelope.get("values") instanceof List<?> data)) {
      violations.add(new Violation(body instanceof Map<?, ?> ? "/values" : "", "expected Kolada's response "
          + "object, {\"values\": [{\"kpi\", \"municipality\", \"period\", \"values\": [...]}]}",
          Violation.INVALID_FIELD));
      return new Mapping(List.of(), List.of(), List.of(), List.of(), 0, 0, violations);
    }
    for (int i = 0; i < data.size(); i++) {
      String at = "/values/" + i;
      if (!(data.get(i) instanceof Map<?, ?> object)) {
        violations.add(new Violation(at, "must be a Kolada data object", Violation.INVALID_FIELD));
        continue;
      }
      String kpi = string(object, "kpi", at, violations);
      Optional<String> period = period(object.get("period"), at, violations);
      if (!(object.get("values") instanceof List<?> values)) {
        violations.add(new Violation(at + "/values", "must be an array of values per kön", Violation.INVALID_FIELD));
        continue;
      }
      boolean ou = !object.containsKey("municipality") && object.get("ou") instanceof String;
      String municipality = ou ? (String) object.get("ou") : string(object, "municipality", at, violations);
      for (int j = 0; j < values.size(); j++) {
        String valueAt = at + "/values/" + j;
        if (!(values.get(j) instanceof Map<?, ?> value)) {
          violations.add(new Violation(valueAt, "must be a Kolada value object", Violation.INVALID_FIELD));
          continue;
        }
        received++;
        Object number = value.get("value");
        String gender = value.get("gender") instanceof String g ? g : null;
        if (gender == null) {
          violations.add(new Violation(valueAt + "/gender", "must be a string (T, K or M)", Violation.INVALID_FIELD));
          continue;
        }
        if (number == null) {
          nullValues++;
          continue;
        }
        if (kpi == null || municipality == null || period.isEmpty()) {
          continue;
        }
        // what is echoed back is what the caller sent; a personnummer in it is not repeated
        Unmapper unmap = reason -> unmapped.add(new Unmapped(valueAt, PersonalIdentityNumbers.masked(kpi),
            PersonalIdentityNumbers.masked(municipality), period.get(), PersonalIdentityNumbers.masked(gender),
            reason));
        if (ou) {
          unmap.because("organisational-unit data (ou) is not imported; import municipality data");
          continue;
        }
        List<Indicator> indicators = catalog.byKoladaKpi(kpi);
        Optional<Kommun> kommun = catalog.kommun(municipality);
        if (indicators.isEmpty()) {
          unmap.because("no indicator of the catalog has this koladaKpi");
          continue;
        }
        if (!List.of("T", "K", "M").contains(gender)) {
          unmap.because("the gender is not one of Kolada's codes T, K, M");
          continue;
        }
        if (!KOMMUN_CODE.matcher(municipality).matches()) {
          unmap.because("not a kommun (Riket, a region or a group of kommuner): neither imported nor compared");
          continue;
        }
        double numeric = number instanceof Number n ? n.doubleValue() : Double.NaN;
        if (kommun.isEmpty() && Integer.parseInt(period.get()) > validator.currentYear()) {
          unmap.because("a year that has not begun has no data: not compared");
          continue;
        }
        if (Double.isFinite(numeric)) {
          String earlier = compared.putIfAbsent(List.of(kpi, period.get(), municipality, gender), valueAt);
          if (earlier != null) {
            violations.add(new Violation(valueAt, "has the same kpi, municipality, period and gender as " + earlier
                + "; send each value once per request", Violation.DUPLICATE_KEY));
          } else {
            comparison.add(new Comparison(valueAt, kpi, Integer.parseInt(period.get()), municipality, gender,
                numeric));
          }
        }
        if (kommun.isEmpty()) {
          continue;
        }
        List<Indicator> own = indicators.stream().filter(candidate -> kommun.get().indicator(candidate.id()).isPresent()).toList();
        if (own.isEmpty()) {
          unmap.because("kommun " + kommun.get().name() + " follows no indicator with this koladaKpi; kept as "
              + "comparison data only");
        }
        for (Indicator indicator : own) {
          boolean place = indicator.unit() == MeasurementUnit.RANG;
          if (indicator.periodType() != PeriodType.YEAR) {
            unmap.because("indicator " + indicator.id() + " is reported per " + indicator.periodType().code()
                + "; Kolada values are yearly");
          } else if (!gender.equals("T") && !indicator.breakdowns().contains("gender")) {
            if (!place) {
              unmap.because("indicator " + indicator.id() + " is not broken down by kön");
            }
          } else {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("indicator", indicator.id());
            item.put("orgUnit", kommun.get().rootUnit());
            item.put("period", period.get());
            item.put("value", place ? PLACEHOLDER : number);
            item.put("gender", gender);
            List<MeasurementInput> into = place ? places : measurements;
            validator.item(item, valueAt, measurements.size() + places.size(), into, violations);
          }
        }
      }
    }
    List<MeasurementInput> all = new ArrayList<>(measurements);
    all.addAll(places);
    violations.addAll(MeasurementValidator.duplicates(all));
    return new Mapping(measurements, places, comparison, unmapped, received, nullValues, violations);
  }

  @FunctionalInterface
  private interface Unmapper {
    void because(String reason);
  }

  private static String string(Map<?, ?> object, String field, String at, List<Violation> violations) {
    if (object.get(field) instanceof String text) {
      return text;
    }
    violations.add(new Violation(at + "/" + field, "must be a string", Violation.INVALID_FIELD));
    return null;
  }

  /**
   * Kolada's period is a year, which v2 writes as a string and v3 as a number. Anything else ("abc", "2021-05",
   * 20211, "20211") is not Kolada's data, and is refused like any other field of the wrong shape, whichever way it
   * is written: one rule, so that a malformed export never half-imports.
   */
  private static Optional<String> period(Object raw, String at, List<Violation> violations) {
    if (raw instanceof String text && text.matches("[0-9]{4}")) {
      return Optional.of(text);
    }
    if (raw instanceof Double number && number == Math.rint(number) && number >= 1000 && number < 10_000) {
      return Optional.of(Integer.toString(number.intValue()));
    }
    violations.add(new Violation(at + "/period", "must be a year of four digits, as a string (\"2021\") or a "
        + "whole number (2021)", Violation.INVALID_FIELD));
    return Optional.empty();
  }
}
