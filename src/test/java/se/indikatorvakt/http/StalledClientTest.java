package se.indikatorvakt.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.indikatorvakt.support.Http;
import se.indikatorvakt.support.ServiceExtension;

/** A client that opens a connection and stalls half-way through its request is cut off, on both ports. */
class StalledClientTest {

  @RegisterExtension
  static final ServiceExtension SERVICE = ServiceExtension.withSettings(
      env -> env.put("INDIKATORVAKT_HTTP_IDLE_TIMEOUT", "PT1S"));

  @Test
  void aStalledRequestOnTheApiPortIsClosedAfterTheIdleTimeout() throws Exception {
    assertClosedWhileStalled(SERVICE.apiPort());
  }

  @Test
  void aStalledRequestOnTheManagementPortIsClosedAfterTheIdleTimeout() throws Exception {
    assertClosedWhileStalled(SERVICE.managementPort());
  }

  @Test
  void theServiceStillAnswersAfterwards() {
    assertThat(new Http(SERVICE.managementPort()).get("/health/ready").status()).isEqualTo(200);
  }

  private static void assertClosedWhileStalled(int port) throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
      OutputStream out = socket.getOutputStream();
      out.write("POST /api/v1/measurements HTTP/1.1\r\nHost: localhost\r\nContent-Len".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      long started = System.nanoTime();
      // whatever the server says before it hangs up does not matter; that it hangs up does
      socket.getInputStream().transferTo(OutputStream.nullOutputStream());
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .as("closed by the server after the 1 s idle timeout, well before the client's 10 s read timeout")
          .isLessThan(Duration.ofSeconds(5));
    }
  }
}
