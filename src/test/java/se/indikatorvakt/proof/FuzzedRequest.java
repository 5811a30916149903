package se.indikatorvakt.proof;

import java.nio.charset.StandardCharsets;

/**
 * A generated POST body with what the service must make of it: accept it (valid), or refuse it
 * with a problem whose errors name {@code pointer} (when the fault sits in one field).
 */
record FuzzedRequest(String description, byte[] body, boolean valid, String pointer) {
  static FuzzedRequest valid(String json) {
    return new FuzzedRequest("valid", json.getBytes(StandardCharsets.UTF_8), true, null);
  }

  static FuzzedRequest invalid(String description, String json, String pointer) {
    return new FuzzedRequest(description, json.getBytes(StandardCharsets.UTF_8), false, pointer);
  }

  static FuzzedRequest invalid(String description, byte[] body) {
    return new FuzzedRequest(description, body, false, null);
  }

  @Override
  public String toString() {
    String text = new String(body, StandardCharsets.UTF_8);
    return description + (valid ? "" : " (pointer " + pointer + ")") + ": "
        + (text.length() > 600 ? text.substring(0, 600) + "..." : text);
  }
}
