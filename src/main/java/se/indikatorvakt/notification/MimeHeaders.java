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
 */
final class MimeHeaders {
  /** 45 bytes are 60 base64 characters: "=?UTF-8?B?" + 60 + "?=" = 72, within the 75 RFC 2047 allows. */
  private static final int BYTES_PER_WORD = 45;
  private static final int LINE = 78;

  private MimeHeaders() {}

  /** An unstructured header value (Subject), folded with "\n " (the mail client turns \n into CRLF). */
  static String unstructured(String headerName, String value) {
    String clean = singleLine(value);
    if (isPlainAscii(clean)) {
      return fold(headerName.length() + 2, clean);
    }
    return String.join("\n ", encodedWords(clean));
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
    return String.join("\n ", encodedWords(name)) + "\n <" + parsed.email() + ">";
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

  private static String fold(int used, String text) {
    StringBuilder out = new StringBuilder();
    int column = used;
    for (String token : text.split(" ", -1)) {
      if (out.length() > 0 && column + 1 + token.length() > LINE) {
        out.append("\n ");
        column = 1;
      } else if (out.length() > 0) {
        out.append(' ');
        column++;
      }
      out.append(token);
      column += token.length();
    }
    return out.toString();
  }

  private static boolean isPlainAscii(String text) {
    return text.chars().allMatch(c -> c >= 0x20 && c < 0x7f) && !text.contains("=?");
  }

  /** Any line break or control character becomes a space: a value can never add a header line. */
  private static String singleLine(String value) {
    return value.replaceAll("[\\p{Cntrl}\\u2028\\u2029]+", " ").strip();
  }
}
