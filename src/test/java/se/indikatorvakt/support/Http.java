package se.indikatorvakt.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A plain blocking HTTP client for tests, run on the JUnit thread, talking to the real server over loopback. */
public final class Http {
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String base;

  public Http(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  public record Response(int status, Map<String, java.util.List<String>> headers, String body) {
    public JsonObject json() {
      return new JsonObject(body);
    }

    public JsonArray jsonArray() {
      return new JsonArray(body);
    }

    public String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
    }
  }

  public Response get(String path, String... headers) {
    return send(builder(path, headers).GET().build());
  }

  public Response post(String path, String contentType, String body, String... headers) {
    HttpRequest.Builder builder = builder(path, headers).POST(HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      builder.header("Content-Type", contentType);
    }
    return send(builder.build());
  }

  public Response postJson(String path, Object json, String... headers) {
    return post(path, "application/json", json.toString(), headers);
  }

  public Response delete(String path, String... headers) {
    return send(builder(path, headers).DELETE().build());
  }

  public Response send(HttpRequest request) {
    try {
      HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.headers().map(), response.body());
    } catch (IOException e) {
      throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public HttpRequest.Builder builder(String path, String... headers) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    return builder;
  }

  /** Polls until the condition holds, for states that change asynchronously (readiness, emails). */
  public static void await(String what, Duration timeout, java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("timed out after " + timeout + " waiting for " + what);
  }
}
