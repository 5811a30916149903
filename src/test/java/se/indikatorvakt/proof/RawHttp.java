package se.indikatorvakt.proof;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, byte for byte as written: for the requests java.net.http refuses to
 * send (bytes a header may not hold, bare CR or LF, lying Content-Length, invalid UTF-8 in the path).
 */
public final class RawHttp {
  private static final int TIMEOUT_MS = 15_000;

  private RawHttp() {}

  /** What came back; {@code status} -1 when the server closed or timed out without a response. */
  public record Reply(int status, Map<String, String> headers, byte[] body, String failure) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      String text = text();
      return status + " " + headers.getOrDefault("content-type", "(no content type)") + " "
          + (text.length() > 400 ? text.substring(0, 400) + "..." : text) + (failure == null ? "" : " " + failure);
    }
  }

  /** A request under construction; headers in the order added, nothing added behind the caller's back but Host. */
  public static final class Request {
    private final String method;
    private final String target;
    private final List<byte[]> headerLines = new ArrayList<>();
    private byte[] body = new byte[0];
    private boolean contentLength = true;
    private boolean host = true;
    private String version = "HTTP/1.1";

    private Request(String method, String target) {
      this.method = method;
      this.target = target;
    }

    public Request header(String name, String value) {
      return rawHeader((name + ": " + value).getBytes(StandardCharsets.UTF_8));
    }

    /** A header line exactly as given (without the trailing CRLF). */
    public Request rawHeader(byte[] line) {
      headerLines.add(line);
      return this;
    }

    public Request body(String text) {
      return body(text.getBytes(StandardCharsets.UTF_8));
    }

    public Request body(byte[] bytes) {
      this.body = bytes;
      return this;
    }

    public Request json(String text) {
      return header("Content-Type", "application/json").body(text);
    }

    /** Leaves the Content-Length header to the caller (who may lie, repeat it or use chunked encoding). */
    public Request noContentLength() {
      this.contentLength = false;
      return this;
    }

    public Request noHost() {
      this.host = false;
      return this;
    }

    public Request version(String httpVersion) {
      this.version = httpVersion;
      return this;
    }

    public byte[] bytes() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.writeBytes((method + " " + target + " " + version + "\r\n").getBytes(StandardCharsets.UTF_8));
      if (host) {
        out.writeBytes("Host: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      for (byte[] line : headerLines) {
        out.writeBytes(line);
        out.writeBytes(new byte[] {'\r', '\n'});
      }
      if (contentLength && (body.length > 0 || method.equals("POST") || method.equals("PUT"))) {
        out.writeBytes(("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      }
      out.writeBytes("Connection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.writeBytes(body);
      return out.toByteArray();
    }
  }

  public static Request request(String method, String target) {
    return new Request(method, target);
  }

  public static Reply send(int port, Request request) {
    return send(port, request.bytes());
  }

  /** Writes the bytes and reads one response; a server that answers early and closes is fine. */
  public static Reply send(int port, byte[] bytes) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MS);
      socket.setSoTimeout(TIMEOUT_MS);
      String writeFailure = null;
      try {
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
      } catch (IOException e) {
        writeFailure = "write stopped: " + e.getMessage();
      }
      return read(socket.getInputStream(), writeFailure);
    } catch (IOException e) {
      return new Reply(-1, Map.of(), new byte[0], e.toString());
    }
  }

  private static Reply read(InputStream in, String writeFailure) {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    try {
      int matched = 0;
      while (matched < 4) {
        int b = in.read();
        if (b < 0) {
          return new Reply(-1, Map.of(), head.toByteArray(),
              "connection closed before a complete response" + (writeFailure == null ? "" : "; " + writeFailure));
        }
        head.write(b);
        matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
      }
      String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
      int status = Integer.parseInt(lines[0].split(" ")[1]);
      Map<String, String> headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon > 0) {
          headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
              lines[i].substring(colon + 1).trim(), (a, b) -> a + ", " + b);
        }
      }
      byte[] body;
      if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
        body = readChunked(in);
      } else if (headers.containsKey("content-length")) {
        body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
      } else {
        body = in.readAllBytes();
      }
      return new Reply(status, headers, body, null);
    } catch (SocketTimeoutException e) {
      return new Reply(-1, Map.of(), head.toByteArray(), "no response within " + TIMEOUT_MS + " ms");
    } catch (IOException | RuntimeException e) {
      return new Reply(-1, Map.of(), head.toByteArray(), "unreadable response: " + e);
    }
  }

  private static byte[] readChunked(InputStream in) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = readLine(in);
      int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
      if (size == 0) {
        readLine(in);
        return body.toByteArray();
      }
      body.writeBytes(in.readNBytes(size));
      readLine(in);
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }
}
