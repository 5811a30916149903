package se.indikatorvakt.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.indikatorvakt.proof.LogCapture;
import se.indikatorvakt.proof.RawHttp;
import se.indikatorvakt.support.Http;
import se.indikatorvakt.support.ServiceExtension;

/**
 * HTTP/1.1 framing and pacing at the edge, byte for byte over raw sockets on both ports: what a proxy in front
 * or a hostile client can send that the HTTP decoder alone would get wrong.
 */
class HttpEdgeTest {
  private static final String SOURCE = "Authorization: Bearer dev-indikatorvakt-local-key\r\n";
  private static final String ADMIN = "dev-indikatorvakt-admin-key";
  private static final Duration HEADER_TIMEOUT = Duration.ofSeconds(1);
  private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.1 (\\d{3}) ");

  private static LogCapture log;

  @RegisterExtension
  static final ServiceExtension SERVICE = ServiceExtension.withSettings(env -> {
    env.put("INDIKATORVAKT_HTTP_HEADER_TIMEOUT", HEADER_TIMEOUT.toString());
    env.put("INDIKATORVAKT_HTTP_MIN_BODY_BYTES_PER_SECOND", "1024");
  }).withCompanion(() -> log = LogCapture.atLevel("se.indikatorvakt.http", Level.DEBUG));

  @Test
  void aRequestWithoutHostGets400ProblemAndNoErrorLine() {
    for (int port : new int[] {SERVICE.apiPort(), SERVICE.managementPort()}) {
      RawHttp.Reply reply = RawHttp.send(port, RawHttp.request("GET", "/api/v1/openapi.yaml").noHost());
      assertThat(reply.status()).as("%s", reply).isEqualTo(400);
      assertThat(reply.header("content-type")).isEqualTo("application/problem+json");
      assertThat(new JsonObject(reply.text()).getString("type")).endsWith("/missing-host");
    }
    assertThat(errorLines()).isEmpty();
  }

  @Test
  void aBadChunkSizeGets400ProblemAndNoStackTraceInTheLog() {
    byte[] request = ("POST /api/v1/measurements HTTP/1.1\r\nHost: 127.0.0.1\r\n" + SOURCE
        + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
    RawHttp.Reply reply = RawHttp.send(SERVICE.apiPort(), request);
    assertThat(reply.status()).as("%s", reply).isEqualTo(400);
    assertThat(reply.header("content-type")).isEqualTo("application/problem+json");
    assertThat(reply.header("connection")).isEqualTo("close");
    assertThat(log.linesContaining("NumberFormatException")).isEmpty();
    assertThat(errorLines()).isEmpty();
  }

  /**
   * A proxy that frames by Content-Length sees one request whose body ends with a second one; the service, framing
   * by chunks, would answer that second request on its own. RFC 9112 §6.1: refuse, and close the connection.
   */
  @Test
  void transferEncodingWithContentLengthIsRefusedAndNothingSmuggledBehindItIsAnswered() throws IOException {
    String value = "{\"indicator\":\"vantetid-daglig-verksamhet\",\"orgUnit\":\"daglig-verksamhet\","
        + "\"period\":\"2022-T1\",\"value\":134}";
    String smuggledValue = value.replace("2022-T1", "2022-T2");
    String smuggled = "POST /api/v1/measurements HTTP/1.1\r\nHost: 127.0.0.1\r\n" + SOURCE
        + "Content-Type: application/json\r\nContent-Length: " + smuggledValue.length() + "\r\n\r\n" + smuggledValue;
    String chunks = Integer.toHexString(value.length()) + "\r\n" + value + "\r\n0\r\n\r\n";
    String request = "POST /api/v1/measurements HTTP/1.1\r\nHost: 127.0.0.1\r\n" + SOURCE
        + "Content-Type: application/json\r\nContent-Length: " + (chunks.length() + smuggled.length()) + "\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n" + chunks + smuggled;
    String answer;
    boolean closed;
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), SERVICE.apiPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      closed = readUntilClosed(socket.getInputStream(), received);
      answer = received.toString(StandardCharsets.ISO_8859_1);
    }
    Matcher statuses = STATUS_LINE.matcher(answer);
    assertThat(statuses.find()).as(answer).isTrue();
    assertThat(statuses.group(1)).isEqualTo("400");
    assertThat(statuses.find()).as("a second response, to the smuggled request: " + answer).isFalse();
    assertThat(closed).as("the server closed the connection").isTrue();
    assertThat(answer).contains("ambiguous-framing");
    Http.Response stored = new Http(SERVICE.apiPort()).get(
        "/api/v1/measurements?indicator=vantetid-daglig-verksamhet", "Authorization", "Bearer " + ADMIN);
    assertThat(stored.json().getInteger("count")).as("neither value was stored").isZero();
    assertThat(errorLines()).isEmpty();
  }

  @Test
  void headersTrickledAByteAtATimeAreCutOffOnBothPorts() throws Exception {
    for (int port : new int[] {SERVICE.apiPort(), SERVICE.managementPort()}) {
      Trickle trickle = trickle(port, "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n",
          "X-Slow: " + "a".repeat(200));
      assertThat(trickle.elapsed()).as("cut off well before the 60 s idle timeout").isLessThan(Duration.ofSeconds(6));
      assertThat(trickle.elapsed()).isGreaterThanOrEqualTo(HEADER_TIMEOUT.minusMillis(50));
      assertThat(trickle.answer()).startsWith("HTTP/1.1 408 ").contains("request-timeout");
    }
  }

  @Test
  void aBodyTrickledFarBelowTheMinimumRateIsCutOffAndNothingIsStored() throws Exception {
    String head = "POST /api/v1/measurements HTTP/1.1\r\nHost: 127.0.0.1\r\n" + SOURCE
        + "Content-Type: application/json\r\nContent-Length: 4000\r\n\r\n";
    Trickle trickle = trickle(SERVICE.apiPort(), head, "[" + " ".repeat(3998) + "]");
    assertThat(trickle.elapsed()).isLessThan(Duration.ofSeconds(6));
    assertThat(trickle.answer()).startsWith("HTTP/1.1 408 ").contains("bytes per second");
    assertThat(log.linesContaining("Database unavailable")).isEmpty();
  }

  /** The header clock starts at a request's first byte: a kept-alive connection may rest between requests. */
  @Test
  void aKeptAliveConnectionMayRestLongerThanTheHeaderTimeoutBetweenRequests() throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), SERVICE.managementPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      out.write("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertThat(readResponseHead(in)).startsWith("HTTP/1.1 200 ");
      Thread.sleep(HEADER_TIMEOUT.multipliedBy(2).toMillis());
      out.write("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertThat(readResponseHead(in)).startsWith("HTTP/1.1 200 ");
    }
  }

  @Test
  void aClientThatClosesMidBodyIsNotLoggedAsADatabaseOutage() throws Exception {
    int before = log.linesContaining("The client closed the connection").size();
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), SERVICE.apiPort())) {
      socket.getOutputStream().write(("POST /api/v1/measurements HTTP/1.1\r\nHost: 127.0.0.1\r\n" + SOURCE
          + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"indicator\":")
          .getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
    }
    Http.await("the service to notice the closed connection", Duration.ofSeconds(10),
        () -> log.linesContaining("The client closed the connection").size() > before);
    assertThat(log.linesContaining("Database unavailable")).isEmpty();
    assertThat(errorLines()).isEmpty();
  }

  private record Trickle(Duration elapsed, String answer) {}

  /** Sends head at once, then slow one byte every 100 ms, until the server answers or closes. */
  private static Trickle trickle(int port, String head, String slow) throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(15_000);
      OutputStream out = socket.getOutputStream();
      AtomicBoolean stop = new AtomicBoolean();
      long started = System.nanoTime();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Thread writer = new Thread(() -> {
        try {
          for (int i = 0; i < slow.length() && !stop.get(); i++) {
            out.write(slow.charAt(i));
            out.flush();
            Thread.sleep(100);
          }
        } catch (IOException | InterruptedException e) {
          // the server hung up, which is what the test waits for
        }
      });
      writer.setDaemon(true);
      writer.start();
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      readUntilClosed(socket.getInputStream(), received);
      Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
      stop.set(true);
      writer.join(2_000);
      return new Trickle(elapsed, received.toString(StandardCharsets.ISO_8859_1));
    }
  }

  /** True when the server closed the connection, false when it fell silent until the read timeout. */
  private static boolean readUntilClosed(InputStream in, ByteArrayOutputStream into) throws IOException {
    byte[] buffer = new byte[4096];
    try {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        into.write(buffer, 0, n);
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  private static String readResponseHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int contentLength = 0;
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        return head.toString(StandardCharsets.ISO_8859_1);
      }
      head.write(b);
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    Matcher length = Pattern.compile("(?i)content-length: *(\\d+)").matcher(text);
    if (length.find()) {
      contentLength = Integer.parseInt(length.group(1));
    }
    in.readNBytes(contentLength);
    return text;
  }

  private static java.util.List<String> errorLines() {
    return log.lines().stream().filter(line -> line.startsWith("ERROR")).toList();
  }
}
