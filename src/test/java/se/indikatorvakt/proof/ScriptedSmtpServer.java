package se.indikatorvakt.proof;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Just enough SMTP on 127.0.0.1 to misbehave on cue: answer a message with a temporary (4xx) or a
 * permanent (5xx) error, or hang at the greeting longer than the service's send timeout and then drop
 * the connection. Counts connections and message attempts; keeps what it accepted.
 */
public final class ScriptedSmtpServer implements AutoCloseable {
  /** How the server answers the end of a message's DATA. */
  public enum Answer { ACCEPT, TEMPORARY_FAILURE, PERMANENT_FAILURE }

  /** What the server does with the n-th connection (from 1) and the n-th message attempt (from 1). */
  public interface Script {
    /** Empty: greet at once; otherwise stay silent this long, then hang up without a word. */
    Duration hangBeforeGreeting(int connection);

    Answer answer(int attempt);
  }

  /** A message the server accepted with 250. */
  public record Accepted(String from, List<String> to, String data) {}

  private final ServerSocket socket;
  private final Script script;
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger attempts = new AtomicInteger();
  private final List<Accepted> accepted = new CopyOnWriteArrayList<>();
  private final List<String> refused = new CopyOnWriteArrayList<>();
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  private ScriptedSmtpServer(ServerSocket socket, Script script) {
    this.socket = socket;
    this.script = script;
    Thread acceptor = new Thread(this::acceptLoop, "scripted-smtp-" + socket.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public static ScriptedSmtpServer start(Script script) {
    try {
      return new ScriptedSmtpServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), script);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first {@code failures} message attempts get {@code answer}, every later one is accepted. */
  public static Script failingFirst(int failures, Answer answer) {
    return new Script() {
      @Override
      public Duration hangBeforeGreeting(int connection) {
        return Duration.ZERO;
      }

      @Override
      public Answer answer(int attempt) {
        return attempt <= failures ? answer : Answer.ACCEPT;
      }
    };
  }

  /** The first {@code slowConnections} connections hang for {@code hang} and are dropped; later ones work. */
  public static Script hangingFirst(int slowConnections, Duration hang) {
    return new Script() {
      @Override
      public Duration hangBeforeGreeting(int connection) {
        return connection <= slowConnections ? hang : Duration.ZERO;
      }

      @Override
      public Answer answer(int attempt) {
        return Answer.ACCEPT;
      }
    };
  }

  public int port() {
    return socket.getLocalPort();
  }

  public int connections() {
    return connections.get();
  }

  /** Messages whose DATA was completed, accepted or not. */
  public int attempts() {
    return attempts.get();
  }

  public List<Accepted> accepted() {
    return List.copyOf(accepted);
  }

  public List<String> refused() {
    return List.copyOf(refused);
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = socket.accept();
        open.add(client);
        int number = connections.incrementAndGet();
        Thread handler = new Thread(() -> serve(client, number), "scripted-smtp-conn-" + number);
        handler.setDaemon(true);
        handler.start();
      } catch (IOException e) {
        if (!closed) {
          refused.add("accept failed: " + e);
        }
      }
    }
  }

  private void serve(Socket client, int connection) {
    try (client) {
      Duration hang = script.hangBeforeGreeting(connection);
      if (!hang.isZero()) {
        Thread.sleep(hang.toMillis());
        return;
      }
      BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.ISO_8859_1));
      OutputStream out = client.getOutputStream();
      reply(out, "220 proof.example ESMTP scripted");
      String from = null;
      List<String> to = new ArrayList<>();
      String line;
      while ((line = in.readLine()) != null) {
        String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase(java.util.Locale.ROOT) : line.toUpperCase(
            java.util.Locale.ROOT);
        switch (verb) {
          case "EHLO" -> reply(out, "250-proof.example\r\n250 8BITMIME");
          case "HELO" -> reply(out, "250 proof.example");
          case "MAIL" -> {
            from = address(line);
            to = new ArrayList<>();
            reply(out, "250 2.1.0 Ok");
          }
          case "RCPT" -> {
            to.add(address(line));
            reply(out, "250 2.1.5 Ok");
          }
          case "DATA" -> {
            reply(out, "354 End data with <CR><LF>.<CR><LF>");
            StringBuilder data = new StringBuilder();
            String dataLine;
            while ((dataLine = in.readLine()) != null && !dataLine.equals(".")) {
              data.append(dataLine.startsWith("..") ? dataLine.substring(1) : dataLine).append("\r\n");
            }
            Answer answer = script.answer(attempts.incrementAndGet());
            switch (answer) {
              case ACCEPT -> {
                accepted.add(new Accepted(from, List.copyOf(to), data.toString()));
                reply(out, "250 2.0.0 Ok: queued");
              }
              case TEMPORARY_FAILURE -> {
                refused.add("451 " + to);
                reply(out, "451 4.3.0 Temporary failure, try again later");
              }
              case PERMANENT_FAILURE -> {
                refused.add("554 " + to);
                reply(out, "554 5.7.1 Message rejected");
              }
            }
          }
          case "RSET" -> {
            from = null;
            to = new ArrayList<>();
            reply(out, "250 2.0.0 Ok");
          }
          case "NOOP" -> reply(out, "250 2.0.0 Ok");
          case "QUIT" -> {
            reply(out, "221 2.0.0 Bye");
            return;
          }
          default -> reply(out, "502 5.5.2 Command not recognized");
        }
      }
    } catch (IOException e) {
      if (!closed) {
        refused.add("connection " + connection + " ended: " + e.getMessage());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      open.remove(client);
    }
  }

  private static String address(String line) {
    int start = line.indexOf('<');
    int end = line.indexOf('>', start + 1);
    return start >= 0 && end > start ? line.substring(start + 1, end) : line.substring(line.indexOf(':') + 1).trim();
  }

  private static void reply(OutputStream out, String text) throws IOException {
    out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  @Override
  public void close() {
    closed = true;
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing a listening socket that may already be closed
    }
    for (Socket client : open) {
      try {
        client.close();
      } catch (IOException ignored) {
        // the handler thread ends when its socket is closed
      }
    }
  }
}
