package se.indikatorvakt.proof;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import se.indikatorvakt.support.PersonalNumbersForTests;

/**
 * Generated POST bodies for {@link ProofCatalog}: valid measurements and batches, and mutations that
 * each make the request invalid in a known way (so the property knows the right answer).
 */
final class MeasurementArbitraries {
  private static final List<String> INDICATORS =
      List.of(ProofCatalog.ANDEL, ProofCatalog.DAGAR, ProofCatalog.ANTAL, ProofCatalog.KOSTNAD);
  private static final List<String> NOTATIONS =
      List.of("2024-05", "2024-Q2", "2024-05-12", "2024", "2024-T2", "2024-H1", "2024-D8", "2024-05-R12");
  private static final String TEXT = "abcdefghijklmnopqrstuvwxyzåäöÅÄÖéü .,-()";
  private static final int MARKER = 987654321;
  private static final String PLACEHOLDER = "QQ_PLACEHOLDER_QQ";

  private MeasurementArbitraries() {}

  /** Breaks one field of a measurement (given with its indicator id) and returns that field's name. */
  @FunctionalInterface
  interface Mutation {
    String apply(JsonObject measurement, String indicator);
  }

  private static Mutation m(Mutation mutation) {
    return mutation;
  }

  /** Everything the property posts: valid input and every kind of broken input, in a fixed mix. */
  static Arbitrary<FuzzedRequest> requests() {
    return Arbitraries.frequencyOf(
        Tuple.of(3, validItem().map(item -> FuzzedRequest.valid(item.encode()))),
        Tuple.of(2, validBatch().map(batch -> FuzzedRequest.valid(batch.encode()))),
        Tuple.of(8, fieldMutation()),
        Tuple.of(2, truncated()),
        Tuple.of(2, invalidUtf8()),
        Tuple.of(2, nonFiniteNumbers()),
        Tuple.of(1, jsonishGarbage()),
        Tuple.of(1, randomBytes()));
  }

  static Arbitrary<JsonObject> validItem() {
    return Arbitraries.of(INDICATORS).flatMap(indicator -> Combinators.combine(
            Arbitraries.integers().between(1, 3).map(ProofCatalog::unit),
            period(indicator), value(indicator), gender(indicator), observedAt(), comment())
        .as((unit, period, value, gender, observedAt, comment) -> {
          JsonObject json = new JsonObject().put("indicator", indicator).put("orgUnit", unit).put("period", period)
              .put("value", value);
          if (gender != null) {
            json.put("gender", gender);
          }
          if (observedAt != null) {
            json.put("observedAt", observedAt);
          }
          if (comment != null) {
            json.put("comment", comment);
          }
          return json;
        }));
  }

  static Arbitrary<JsonArray> validBatch() {
    return validItem().list().ofMinSize(2).ofMaxSize(6).uniqueElements(MeasurementArbitraries::key)
        .map(items -> new JsonArray(List.copyOf(items)));
  }

  private static String key(JsonObject item) {
    return item.getString("indicator") + "|" + item.getString("orgUnit") + "|" + item.getString("gender", "T") + "|"
        + item.getString("period");
  }

  /** One field of one item made invalid; the problem must point at exactly that field. */
  static Arbitrary<FuzzedRequest> fieldMutation() {
    return Combinators.combine(validItem().list().ofMinSize(1).ofMaxSize(4).uniqueElements(MeasurementArbitraries::key),
            Arbitraries.integers().between(0, 3), Arbitraries.of(true, false), mutation())
        .as((items, index, asArray, mutation) -> {
          int at = index % items.size();
          JsonObject target = items.get(at).copy();
          String field = mutation.apply(target, target.getString("indicator"));
          boolean array = asArray || items.size() > 1;
          String pointer = (array ? "/" + at : "") + "/" + field;
          String body;
          if (array) {
            JsonArray batch = new JsonArray();
            for (int i = 0; i < items.size(); i++) {
              batch.add(i == at ? target : items.get(i));
            }
            body = batch.encode();
          } else {
            body = target.encode();
          }
          return FuzzedRequest.invalid("invalid " + field, body, pointer);
        });
  }

  /** A change to one item that makes it invalid; returns the field it broke. */
  private static Arbitrary<Mutation> mutation() {
    Arbitrary<String> slug = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789-").ofMinLength(1)
        .ofMaxLength(30).map(s -> "nope-" + s);
    return Arbitraries.oneOf(
        Arbitraries.of("indicator", "orgUnit", "period", "value").map(field -> m((json, indicator) -> {
          json.remove(field);
          return field;
        })),
        Combinators.combine(Arbitraries.of("indicator", "orgUnit", "period"),
            Arbitraries.<Object>of(new JsonArray().add(1), new JsonObject(), Boolean.TRUE, 42.5))
            .as((field, wrong) -> m((json, indicator) -> {
              json.put(field, wrong);
              return field;
            })),
        Arbitraries.<Object>of(new JsonArray().add(1), new JsonObject().put("v", 1), Boolean.FALSE, "12", "")
            .map(wrong -> m((json, indicator) -> {
              json.put("value", wrong);
              return "value";
            })),
        slug.map(unknown -> m((json, indicator) -> {
          json.put("indicator", unknown);
          return "indicator";
        })),
        slug.map(unknown -> m((json, indicator) -> {
          json.put("orgUnit", unknown);
          return "orgUnit";
        })),
        outOfRange(),
        Arbitraries.of(NOTATIONS).map(notation -> m((json, indicator) -> {
          json.put("period", notation.equals(ownNotation(indicator)) ? "2024-13" : notation);
          return "period";
        })),
        Arbitraries.strings().withChars("XYZ-?!Qq0").ofMinLength(1).ofMaxLength(12).map(garbage -> m((json, i) -> {
          json.put("period", "x" + garbage);
          return "period";
        })),
        Arbitraries.integers().between(1, 5).map(years -> m((json, indicator) -> {
          json.put("period", future(indicator, years));
          return "period";
        })),
        personnummerComment(),
        Arbitraries.strings().withChars("ABCDEFGHIJLNOPQRSUVWXYZ0").ofMinLength(1).ofMaxLength(3)
            .map(gender -> m((json, indicator) -> {
              json.put("gender", gender);
              return "gender";
            })),
        Arbitraries.of("yesterday", "2025-13-01T00:00:00Z", "2025-02-30T10:00:00Z", "12:00", "")
            .map(time -> m((json, indicator) -> {
              json.put("observedAt", time);
              return "observedAt";
            })));
  }

  private static Arbitrary<Mutation> outOfRange() {
    return Arbitraries.doubles().between(0.01, 1_000_000).ofScale(2).map(amount -> m((json, indicator) -> {
      switch (indicator) {
        case ProofCatalog.ANDEL -> json.put("value", amount % 2 < 1 ? -amount : 100 + amount);
        case ProofCatalog.DAGAR -> json.put("value", -amount);
        case ProofCatalog.ANTAL -> json.put("value", Math.floor(amount) + 0.5);
        default -> {
          json.put("indicator", "nope-range");
          return "indicator";
        }
      }
      return "value";
    }));
  }

  private static Arbitrary<Mutation> personnummerComment() {
    return Combinators.combine(Arbitraries.of(true, false), Arbitraries.integers().between(0, 999),
            Arbitraries.of("", "-", "+", " ", "19", "19-"), Arbitraries.strings().withChars(TEXT).ofMaxLength(40))
        .as((samordning, serial, form, prefix) -> m((json, indicator) -> {
          String number = PersonalNumbersForTests.tenDigits(samordning ? "121272" : "121212",
              String.format("%03d", serial));
          String written = switch (form) {
            case "19" -> "19" + number;
            case "19-" -> "19" + number.substring(0, 6) + "-" + number.substring(6);
            default -> number.substring(0, 6) + form + number.substring(6);
          };
          json.put("comment", prefix + " " + written + " uppföljning");
          return "comment";
        }));
  }

  /** A valid body cut short: no proper prefix of a JSON object or array text is JSON. */
  static Arbitrary<FuzzedRequest> truncated() {
    return Combinators.combine(Arbitraries.oneOf(validItem().map(JsonObject::encode),
            validBatch().map(JsonArray::encode)), Arbitraries.integers().between(0, 999))
        .as((text, perMille) -> FuzzedRequest.invalid("truncated",
            text.substring(0, (int) (text.length() * (perMille / 1000.0))), null));
  }

  static Arbitrary<FuzzedRequest> invalidUtf8() {
    List<byte[]> broken = List.of(new byte[] {(byte) 0xC3, 0x28}, new byte[] {(byte) 0xFF},
        new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
        new byte[] {(byte) 0x80}, new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80});
    return Combinators.combine(validItem(), Arbitraries.of(broken), Arbitraries.of("comment", "orgUnit"))
        .as((item, bytes, field) -> {
          JsonObject json = item.copy().put(field, "ab" + PLACEHOLDER + "cd");
          byte[] text = json.encode().getBytes(StandardCharsets.UTF_8);
          String encoded = json.encode();
          int at = encoded.substring(0, encoded.indexOf(PLACEHOLDER)).getBytes(StandardCharsets.UTF_8).length;
          byte[] body = new byte[text.length - PLACEHOLDER.length() + bytes.length];
          System.arraycopy(text, 0, body, 0, at);
          System.arraycopy(bytes, 0, body, at, bytes.length);
          System.arraycopy(text, at + PLACEHOLDER.length(), body, at + bytes.length,
              text.length - at - PLACEHOLDER.length());
          return FuzzedRequest.invalid("invalid UTF-8 in " + field, body);
        });
  }

  static Arbitrary<FuzzedRequest> nonFiniteNumbers() {
    return Combinators.combine(validItem(), Arbitraries.of("NaN", "Infinity", "-Infinity", "1e400", "-1e999",
            "+1", ".5", "1.", "01", "1e", "--1"))
        .as((item, literal) -> {
          String text = item.copy().put("value", MARKER).encode().replace(Integer.toString(MARKER), literal);
          return FuzzedRequest.invalid("value " + literal, text.getBytes(StandardCharsets.UTF_8));
        });
  }

  static Arbitrary<FuzzedRequest> jsonishGarbage() {
    return Arbitraries.strings().withChars("{}[]\":,0123456789.eE-+ tnrufalsindcov").ofMaxLength(80)
        .filter(text -> !text.replaceAll("\\s", "").equals("[]"))
        .map(text -> FuzzedRequest.invalid("garbage", text.getBytes(StandardCharsets.UTF_8)));
  }

  static Arbitrary<FuzzedRequest> randomBytes() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(300)
        .map(bytes -> FuzzedRequest.invalid("random bytes", bytes));
  }

  private static Arbitrary<String> period(String indicator) {
    return switch (indicator) {
      case ProofCatalog.ANDEL -> Combinators.combine(Arbitraries.integers().between(2020, 2025),
          Arbitraries.integers().between(1, 12)).as((y, m) -> String.format("%d-%02d", y, m));
      case ProofCatalog.DAGAR -> Arbitraries.integers().between(0, 2190)
          .map(days -> LocalDate.of(2020, 1, 1).plusDays(days).toString());
      case ProofCatalog.ANTAL -> Combinators.combine(Arbitraries.integers().between(2020, 2025),
          Arbitraries.integers().between(1, 4)).as((y, q) -> y + "-Q" + q);
      default -> Arbitraries.integers().between(2020, 2025).map(Object::toString);
    };
  }

  private static String ownNotation(String indicator) {
    return switch (indicator) {
      case ProofCatalog.ANDEL -> "2024-05";
      case ProofCatalog.DAGAR -> "2024-05-12";
      case ProofCatalog.ANTAL -> "2024-Q2";
      default -> "2024";
    };
  }

  private static String future(String indicator, int years) {
    LocalDate day = LocalDate.now(ZoneOffset.UTC).plusYears(years);
    return switch (indicator) {
      case ProofCatalog.ANDEL -> day.toString().substring(0, 7);
      case ProofCatalog.DAGAR -> day.toString();
      case ProofCatalog.ANTAL -> day.getYear() + "-Q1";
      default -> Integer.toString(day.getYear());
    };
  }

  private static Arbitrary<Number> value(String indicator) {
    return switch (indicator) {
      case ProofCatalog.ANDEL -> Arbitraries.doubles().between(0, 100).ofScale(2).map(Number.class::cast);
      case ProofCatalog.DAGAR -> Arbitraries.doubles().between(0, 400).ofScale(1).map(Number.class::cast);
      case ProofCatalog.ANTAL -> Arbitraries.integers().between(0, 500).map(Number.class::cast);
      default -> Arbitraries.doubles().between(-1_000_000, 1_000_000).ofScale(2).map(Number.class::cast);
    };
  }

  private static Arbitrary<String> gender(String indicator) {
    return indicator.equals(ProofCatalog.KOSTNAD) ? Arbitraries.of("T").injectNull(0.5)
        : Arbitraries.of("T", "K", "M").injectNull(0.3);
  }

  private static Arbitrary<String> observedAt() {
    return Combinators.combine(Arbitraries.integers().between(2020, 2025), Arbitraries.integers().between(1, 12),
            Arbitraries.integers().between(1, 28), Arbitraries.integers().between(0, 23))
        .as((y, m, d, h) -> String.format("%d-%02d-%02dT%02d:15:00Z", y, m, d, h)).injectNull(0.6);
  }

  private static Arbitrary<String> comment() {
    return Arbitraries.strings().withChars(TEXT).ofMaxLength(120).injectNull(0.5);
  }
}
