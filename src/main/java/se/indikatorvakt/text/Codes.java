package se.indikatorvakt.text;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The one lookup from a code back to its constant, shared by every {@link Coded} enum. */
public final class Codes {
  /**
   * Per enum, its constants by code (the first where two share one), built once: every row the service reads back
   * turns a few codes into constants, and copying and scanning the constants each time showed in the profile.
   */
  private static final ClassValue<Map<String, Object>> BY_CODE = new ClassValue<>() {
    @Override
    protected Map<String, Object> computeValue(Class<?> type) {
      Map<String, Object> byCode = new HashMap<>();
      for (Object constant : type.getEnumConstants()) {
        byCode.putIfAbsent(((Coded) constant).code(), constant);
      }
      return byCode;
    }
  };

  private Codes() {}

  /** The constant spelled {@code code}; empty for any other text and for null, which input may well hold. */
  public static <E extends Enum<E> & Coded> Optional<E> find(Class<E> type, String code) {
    return code == null ? Optional.empty() : Optional.ofNullable(type.cast(BY_CODE.get(type).get(code)));
  }

  /** Every code of {@code type}, in declaration order, for messages that list what is accepted. */
  public static <E extends Enum<E> & Coded> List<String> codes(Class<E> type) {
    return Arrays.stream(type.getEnumConstants()).map(Coded::code).toList();
  }

  /**
   * The constant spelled {@code code}, for text the service wrote itself (a database column, a stored snapshot): an
   * unknown code there is a defect or a newer version's data, and is refused by name rather than read as something
   * else.
   */
  public static <E extends Enum<E> & Coded> E require(Class<E> type, String code) {
    return find(type, code).orElseThrow(() -> new IllegalArgumentException("unknown " + type.getSimpleName()
        + " code '" + code + "'; known: " + String.join(", ", codes(type))));
  }

  /** As {@link #require}, for a column that may be empty: null stays null. */
  public static <E extends Enum<E> & Coded> E requireOrNull(Class<E> type, String code) {
    return code == null ? null : require(type, code);
  }

  /** The code of a constant that may be absent: null stays null. */
  public static String codeOrNull(Coded constant) {
    return constant == null ? null : constant.code();
  }
}
