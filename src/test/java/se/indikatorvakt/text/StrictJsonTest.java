package se.indikatorvakt.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StrictJsonTest {

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of("empty body", bytes(""), ""),
        Arguments.of("only whitespace", bytes(" \n\t"), ""),
        Arguments.of("truncated object", bytes("{\"value\":"), "/value"),
        Arguments.of("truncated array", bytes("[{\"a\":1},"), "/1"),
        Arguments.of("trailing garbage", bytes("{\"a\":1}}"), ""),
        Arguments.of("two documents", bytes("{\"a\":1}{\"a\":1}"), ""),
        Arguments.of("single quotes", bytes("{'a':1}"), ""),
        Arguments.of("comment", bytes("{/* x */\"a\":1}"), ""),
        Arguments.of("trailing comma", bytes("{\"a\":1,}"), "/a"),
        Arguments.of("NaN literal", bytes("{\"value\":NaN}"), "/value"),
        Arguments.of("Infinity literal", bytes("{\"value\":Infinity}"), "/value"),
        Arguments.of("leading zeros", bytes("{\"value\":0085}"), "/value"),
        Arguments.of("hexadecimal", bytes("{\"value\":0x50}"), "/value"),
        Arguments.of("duplicate name", bytes("{\"value\":1,\"value\":2}"), "/value"),
        Arguments.of("duplicate name in the second item", bytes("[{\"a\":1},{\"b\":1,\"b\":1}]"), "/1/b"),
        Arguments.of("byte order mark", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, bytes("{}")), ""),
        Arguments.of("invalid UTF-8", concat(bytes("{\"c\":\""), new byte[] {(byte) 0xC3, 0x28, '"', '}'}), ""),
        Arguments.of("overlong UTF-8", concat(bytes("{\"c\":\""), new byte[] {(byte) 0xC0, (byte) 0xAF, '"', '}'}), ""),
        Arguments.of("UTF-8-encoded lone surrogate",
            concat(bytes("{\"c\":\""), new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'}), ""),
        Arguments.of("33 nested arrays", bytes("[".repeat(33) + "]".repeat(33)), "/0".repeat(32)),
        Arguments.of("10 000 nested objects", bytes("{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000)),
            "/a".repeat(32)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void refusesWhatRfc8259OrThisServiceDoesNotAccept(String name, byte[] body, String pointer) {
    assertThatThrownBy(() -> StrictJson.parse(body))
        .isInstanceOf(StrictJson.MalformedJsonException.class)
        .satisfies(e -> assertThat(((StrictJson.MalformedJsonException) e).pointer()).isEqualTo(pointer));
  }

  @Test
  void readsObjectsArraysAndNumbersAsPlainJava() {
    Map<String, Object> expected = new java.util.LinkedHashMap<>();
    expected.put("a", 1.0);
    expected.put("b", "x");
    expected.put("c", null);
    expected.put("d", true);
    expected.put("e", List.of(2.5));
    assertThat(StrictJson.parse(bytes("[{\"a\":1,\"b\":\"x\",\"c\":null,\"d\":true,\"e\":[2.5]}]")))
        .isEqualTo(List.of(expected));
  }

  @Test
  void marksNumbersADoubleCannotHold() {
    Map<?, ?> parsed = (Map<?, ?>) StrictJson.parse(bytes("{\"a\":1e400,\"b\":-1e999,\"c\":" + "9".repeat(400)
        + ",\"d\":" + "9".repeat(100) + "}"));
    assertThat(parsed.get("a")).isSameAs(StrictJson.UNREPRESENTABLE);
    assertThat(parsed.get("b")).isSameAs(StrictJson.UNREPRESENTABLE);
    assertThat(parsed.get("c")).isSameAs(StrictJson.UNREPRESENTABLE);
    assertThat(parsed.get("d")).isEqualTo(1e100);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("notText")
  void refusesEscapedLoneSurrogatesAsInvalidTextAtTheirField(String name, String body, String pointer) {
    assertThatThrownBy(() -> StrictJson.parse(bytes(body)))
        .isInstanceOf(StrictJson.InvalidTextException.class)
        .satisfies(e -> assertThat(((StrictJson.MalformedJsonException) e).pointer()).isEqualTo(pointer));
  }

  static Stream<Arguments> notText() {
    return Stream.of(
        Arguments.of("lone high surrogate", "{\"comment\":\"a\\ud800b\"}", "/comment"),
        Arguments.of("lone low surrogate", "{\"comment\":\"\\udc00\"}", "/comment"),
        Arguments.of("high surrogate at the end", "[{\"comment\":\"x\\ud83d\"}]", "/0/comment"),
        Arguments.of("pair reversed", "{\"c\":\"\\ude00\\ud83d\"}", "/c"),
        Arguments.of("in a name, pointing at its object", "[{\"\\ud800\":1}]", "/0"));
  }

  @Test
  void keepsEscapedSurrogatePairs() {
    assertThat(StrictJson.parse(bytes("{\"c\":\"\\ud83d\\ude00\"}"))).isEqualTo(Map.of("c", "\uD83D\uDE00"));
  }

  @Test
  void readsUnicodeEscapesAndSwedishLetters() {
    assertThat(StrictJson.parse(bytes("{\"c\":\"\\u00e5 \u00e4\u00f6\"}"))).isEqualTo(Map.of("c", "å äö"));
  }

  @Test
  void neverQuotesTheInputInItsMessage() {
    assertThatThrownBy(() -> StrictJson.parse(bytes("{\"comment\": 19121212-1212}")))
        .isInstanceOf(StrictJson.MalformedJsonException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("1212"));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] joined = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, joined, a.length, b.length);
    return joined;
  }
}
