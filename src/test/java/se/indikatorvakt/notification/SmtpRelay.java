package se.indikatorvakt.notification;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import se.indikatorvakt.support.RelaySockets;

/**
 * A TCP relay on 127.0.0.1 in front of a real SMTP server (GreenMail) that forwards every byte unchanged and notes,
 * per connection, when each command left the client and when the server's final reply to it came back. Each mail
 * transaction (the commands from the end of the previous one, or from the connection's opening, to the reply to the
 * message's closing dot) becomes one {@link Transaction}, so a test sees what the SMTP server saw: how many
 * connections the client opened, and whether a message waited for a new connection's greeting and EHLO.
 */
final class SmtpRelay implements AutoCloseable {
  /** One command of the client and the server's final reply to it; {@code CONNECT} is the greeting, "." the end. */
  record Step(String command, long sentNanos, long repliedNanos, int code) {
    long micros() {
      return (repliedNanos - sentNanos) / 1000;
    }
  }

  /** One message: the steps it took and whether its connection was opened for it. */
  record Transaction(int connection, boolean newConnection, List<Step> steps) {
    long startNanos() {
      return steps.get(0).sentNanos();
    }

    long acceptedNanos() {
      return steps.get(steps.size() - 1).repliedNanos();
    }

    boolean accepted() {
      return steps.get(steps.size() - 1).code() / 100 == 2;
    }
  }

  private final ServerSocket listener;
  private final int targetPort;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final BlockingQueue<Transaction> transactions = new LinkedBlockingQueue<>();
  private final AtomicInteger connections = new AtomicInteger();
  private final Thread acceptor;

  SmtpRelay(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = RelaySockets.daemon("smtp-relay", this::accept);
  }

  int port() {
    return listener.getLocalPort();
  }

  /** TCP connections the client has opened so far. */
  int connections() {
    return connections.get();
  }

  /** The next finished transaction, waiting at most {@code timeout}; null when none finished in time. */
  Transaction next(long timeout, TimeUnit unit) throws InterruptedException {
    return transactions.poll(timeout, unit);
  }

  private void accept() {
    RelaySockets.acceptEach(listener, targetPort, sockets, "SMTP relay", (client, server, acceptedAt) -> {
      Connection connection = new Connection(connections.incrementAndGet(), acceptedAt);
      RelaySockets.daemon("smtp-relay-c" + connection.number, () -> connection.fromClient(client, server));
      RelaySockets.daemon("smtp-relay-s" + connection.number, () -> connection.fromServer(server, client));
    });
  }

  /** The commands sent and not yet answered, in order (SMTP answers in order, pipelined or not). */
  private final class Connection {
    private final int number;
    private final Deque<String> pendingCommands = new ArrayDeque<>();
    private final Deque<Long> pendingSince = new ArrayDeque<>();
    private final List<Step> steps = new ArrayList<>();
    private boolean first = true;

    Connection(int number, long acceptedAt) {
      this.number = number;
      pendingCommands.add("CONNECT");
      pendingSince.add(acceptedAt);
    }

    void fromClient(Socket client, Socket server) {
      RelaySockets.pump(client, server, new LineReader() {
        private boolean inData;

        @Override
        void line(String line, long at) {
          if (inData) {
            if (line.equals(".")) {
              inData = false;
              sent(".", at);
            }
            return;
          }
          String command = line.split(" ", 2)[0].toUpperCase(Locale.ROOT);
          sent(command, at);
          inData = command.equals("DATA");
        }
      });
    }

    void fromServer(Socket server, Socket client) {
      RelaySockets.pump(server, client, new LineReader() {
        @Override
        void line(String line, long at) {
          if (line.length() >= 4 && line.charAt(3) == ' ') {
            replied(Integer.parseInt(line.substring(0, 3)), at);
          } else if (line.length() == 3) {
            replied(Integer.parseInt(line), at);
          }
        }
      });
    }

    private synchronized void sent(String command, long at) {
      pendingCommands.add(command);
      pendingSince.add(at);
    }

    private synchronized void replied(int code, long at) {
      String command = pendingCommands.poll();
      Long since = pendingSince.poll();
      if (command == null) {
        return;
      }
      steps.add(new Step(command, since, at, code));
      if (command.equals(".")) {
        transactions.add(new Transaction(number, first, List.copyOf(steps)));
        first = false;
        steps.clear();
      }
    }
  }

  /** Splits a byte stream into CRLF lines, each stamped with the time its last bytes arrived. */
  private abstract static class LineReader implements RelaySockets.Chunks {
    private final StringBuilder partial = new StringBuilder();

    abstract void line(String line, long at);

    @Override
    public void read(byte[] buffer, int length, long at) {
      partial.append(new String(buffer, 0, length, StandardCharsets.ISO_8859_1));
      int end;
      while ((end = partial.indexOf("\r\n")) >= 0) {
        String line = partial.substring(0, end);
        partial.delete(0, end + 2);
        line(line, at);
      }
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    sockets.forEach(RelaySockets::closeQuietly);
    try {
      acceptor.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
