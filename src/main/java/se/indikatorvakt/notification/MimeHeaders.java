package se.indikatorvakt.notification;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * RFC 2047 header values, because the mail client's own encoder splits a subject into encoded-words at byte
 * boundaries (a multi-byte å can end up in two halves, which readers show as two replacement characters) and puts
 * display names into comments. Here every encoded-word holds whole characters, names are phrases before the
 * address, and line breaks or control characters in a value can never start a new header.
 *
 * <p>Values are one line (encoded-words separated by spaces, well within RFC 5322's 998 characters) rather than
 * folded: newer mail clients refuse any CR or LF in a header value (CWE-93), folding included.
 */
final class MimeHeaders {
  /** 45 bytes are 60 base64 characters: "=?UTF-8?B?" + 60 + "?=" = 72, within the 75 RFC 2047 allows. */
  private static final int BYTES_PER_WORD = 45;
  private static final int LINE = 998;

  private MimeHeaders() {}

  /** An unstructured header value (Subject); longer than a header line allows, it is shortened with "…". */
  static String unstructured(String headerName, String value) {
    String clean = singleLine(value);
    String encoded = isPlainAscii(clean) ? clean : String.join(" ", encodedWords(clean));
    int room = LINE - headerName.length() - 2;
    if (clean.codePointCount(0, clean.length()) > room) {
      clean = clean.substring(0, clean.offsetByCodePoints(0, room));
    }
    while (encoded.length() > room) {
      clean = clean.substring(0, clean.offsetByCodePoints(clean.length(), -2)) + "…";
      encoded = String.join(" ", encodedWords(clean));
    }
    return encoded;
  }

  /**
   * A mailbox: {@code "Name <email>"} or a bare address in; {@code =?UTF-8?B?...?= <email>}, {@code "Name" <email>}
   * or the bare address out.
   */
  static String mailbox(String configured) {
    Mailbox parsed = Mailbox.parse(configured);
    if (parsed.name().isEmpty()) {
      return parsed.email();
    }
    String name = singleLine(parsed.name());
    if (isPlainAscii(name)) {
      return "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\" <" + parsed.email() + ">";
    }
    return String.join(" ", encodedWords(name)) + " <" + parsed.email() + ">";
  }

  /** The address part of {@code "Name <email>"} or of a bare address. */
  static String address(String configured) {
    return Mailbox.parse(configured).email();
  }

  private record Mailbox(String name, String email) {
    static Mailbox parse(String configured) {
      String text = singleLine(configured);
      int open = text.lastIndexOf('<');
      int close = text.lastIndexOf('>');
      if (open >= 0 && close > open) {
        String name = text.substring(0, open).strip();
        if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
          name = name.substring(1, name.length() - 1);
        }
        return new Mailbox(name, text.substring(open + 1, close).strip());
      }
      return new Mailbox("", text);
    }
  }

  private static List<String> encodedWords(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder chunk = new StringBuilder();
    int chunkBytes = 0;
    for (int i = 0; i < text.length(); ) {
      int codePoint = text.codePointAt(i);
      String character = new String(Character.toChars(codePoint));
      int bytes = character.getBytes(StandardCharsets.UTF_8).length;
      if (chunkBytes + bytes > BYTES_PER_WORD) {
        words.add(word(chunk.toString()));
        chunk.setLength(0);
        chunkBytes = 0;
      }
      chunk.append(character);
      chunkBytes += bytes;
      i += Character.charCount(codePoint);
    }
    if (chunk.length() > 0) {
      words.add(word(chunk.toString()));
    }
    return words;
  }

  private static String word(String text) {
    return "=?UTF-8?B?" + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)) + "?=";
  }

  private static boolean isPlainAscii(String text) {
    return text.chars().allMatch(c -> c >= 0x20 && c < 0x7f) && !text.contains("=?");
  }

  /** Any line break or control character becomes a space: a value can never add a header line. */
  private static String singleLine(String value) {
    return value.replaceAll("[\\p{Cntrl}\\u2028\\u2029]+", " ").strip();
  }
}
