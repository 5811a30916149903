package se.indikatorvakt.text;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a request body as RFC 8259 JSON and nothing more lenient: UTF-8 only (no byte order mark, no
 * overlong forms, no lone surrogates, encoded or escaped), no NaN/Infinity literals, no comments, no leading zeros, no
 * trailing content, names unique within an object, nesting bounded. Objects become {@link LinkedHashMap},
 * arrays {@link ArrayList}, numbers {@link Double}; a number a double cannot hold becomes
 * {@link #UNREPRESENTABLE} so that the validator can point at it instead of storing infinity.
 *
 * <p>Duplicate names are found while building the map (Jackson's STRICT_DUPLICATE_DETECTION would
 * keep a second set of names per object for the same answer).
 * Messages never quote the input: it may hold personal data (OSL 26 kap.).
 */
public final class StrictJson {
  public static final int MAX_DEPTH = 32;

  /** Marks a JSON number beyond the range of a double (1e400, a 400-digit integer). */
  public static final Object UNREPRESENTABLE = new Object() {
    @Override
    public String toString() {
      return "a number beyond the range of a double";
    }
  };

  private static final JsonFactory FACTORY = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(MAX_DEPTH + 1)
          .maxNumberLength(1000)
          .build())
      .build();

  /** Why a body is not acceptable JSON, and where the reader was (a JSON pointer, "" for the whole body). */
  public static class MalformedJsonException extends RuntimeException {
    private final String pointer;

    MalformedJsonException(String pointer, String detail) {
      super(detail, null, false, false);
      this.pointer = pointer;
    }

    public String pointer() {
      return pointer;
    }
  }

  /**
   * Well-formed JSON whose string is not text: an escaped lone UTF-16 surrogate ({@code "\\ud800"}), which RFC 8259
   * lets through but no UTF-8 column can hold (PostgreSQL would store {@code ?} in its place).
   */
  public static final class InvalidTextException extends MalformedJsonException {
    InvalidTextException(String pointer) {
      super(pointer, "holds a lone UTF-16 surrogate (an escape such as \\ud800 without its pair), which is not text");
    }
  }

  private StrictJson() {}

  public static Object parse(byte[] body) {
    String text = decodeUtf8(body);
    if (text.isBlank()) {
      throw new MalformedJsonException("", "the body is empty; send a JSON document");
    }
    if (text.charAt(0) == '\uFEFF') {
      throw new MalformedJsonException("", "the body starts with a byte order mark; JSON must not (RFC 8259 §8.1)");
    }
    JsonParser parser = null;
    try {
      parser = FACTORY.createParser(text.toCharArray());
      Object value = read(parser, parser.nextToken(), 0);
      if (parser.nextToken() != null) {
        throw new MalformedJsonException("", "there is more after the JSON document" + at(parser));
      }
      return value;
    } catch (StreamConstraintsException e) {
      throw new MalformedJsonException(pointer(parser), "the document exceeds a limit of this service (nesting "
          + "deeper than " + MAX_DEPTH + " levels or a number longer than 1000 digits)");
    } catch (IOException e) {
      throw new MalformedJsonException(pointer(parser), "not valid JSON" + location(e));
    } finally {
      close(parser);
    }
  }

  private static String decodeUtf8(byte[] body) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body)).toString();
    } catch (CharacterCodingException e) {
      throw new MalformedJsonException("", "the body is not valid UTF-8");
    }
  }

  private static Object read(JsonParser parser, JsonToken token, int depth) throws IOException {
    if (token == null) {
      throw new MalformedJsonException(pointer(parser), "the JSON document ends too early");
    }
    switch (token) {
      case START_OBJECT:
        return readObject(parser, depth + 1);
      case START_ARRAY:
        return readArray(parser, depth + 1);
      case VALUE_STRING:
        String text = parser.getText();
        if (!isText(text)) {
          throw new InvalidTextException(pointer(parser));
        }
        return text;
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return number(parser);
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        throw new MalformedJsonException(pointer(parser), "unexpected " + token + at(parser));
    }
  }

  private static Map<String, Object> readObject(JsonParser parser, int depth) throws IOException {
    checkDepth(parser, depth);
    Map<String, Object> object = new LinkedHashMap<>();
    for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
      String name = parser.currentName();
      if (!isText(name)) {
        // the pointer cannot hold the name itself; the object holding it is named instead
        throw new InvalidTextException(pointer(parser.getParsingContext().getParent()));
      }
      Object value = read(parser, parser.nextToken(), depth);
      if (object.containsKey(name)) {
        throw new MalformedJsonException(pointer(parser), "this name appears twice in the same object, so it is "
            + "unclear which value is meant");
      }
      object.put(name, value);
    }
    return object;
  }

  private static List<Object> readArray(JsonParser parser, int depth) throws IOException {
    checkDepth(parser, depth);
    List<Object> array = new ArrayList<>();
    for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
      array.add(read(parser, token, depth));
    }
    return array;
  }

  private static boolean isText(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  private static Object number(JsonParser parser) throws IOException {
    double value = parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
        ? parser.getBigIntegerValue().doubleValue() : parser.getDoubleValue();
    return Double.isFinite(value) ? Double.valueOf(value) : UNREPRESENTABLE;
  }

  private static void checkDepth(JsonParser parser, int depth) {
    if (depth > MAX_DEPTH) {
      throw new MalformedJsonException(pointer(parser.getParsingContext().getParent()),
          "nested deeper than " + MAX_DEPTH + " levels");
    }
  }

  /** Where the reader is, as a JSON pointer (RFC 6901), from Jackson's own parsing context. */
  private static String pointer(JsonParser parser) {
    return parser == null ? "" : pointer(parser.getParsingContext());
  }

  private static String pointer(JsonStreamContext context) {
    return context == null ? "" : context.pathAsPointer().toString();
  }

  private static void close(JsonParser parser) {
    if (parser != null) {
      try {
        parser.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static String at(JsonParser parser) {
    JsonLocation location = parser.currentLocation();
    return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  private static String location(IOException e) {
    if (e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe && jpe.getLocation() != null) {
      return " at line " + jpe.getLocation().getLineNr() + ", column " + jpe.getLocation().getColumnNr();
    }
    return "";
  }
}
