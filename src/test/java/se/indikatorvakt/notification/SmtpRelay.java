package se.indikatorvakt.notification;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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

/**
 * A TCP relay on 127.0.0.1 in front of a real SMTP server (GreenMail) that forwards every byte unchanged and notes,
 * per connection, when each command left the client and when the server's final reply to it came back. Each mail
 * transaction (the commands from the end of the previous one, or from the connection's opening, to the reply to the
 * message's closing dot) becomes one {@link Transaction}, so a test sees what the SMTP server saw: how many
 * connections the client opened, and whether a message waited for a new connection's greeting and EHLO.
 *
 * <p>Blocking sockets on threads of its own: it serves tests, never the service's event loops.
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
  private final InetSocketAddress target;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final BlockingQueue<Transaction> transactions = new LinkedBlockingQueue<>();
  private final AtomicInteger connections = new AtomicInteger();
  private final Thread acceptor;

  SmtpRelay(int targetPort) throws IOException {
    this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = daemon("smtp-relay", this::accept);
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
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        long acceptedAt = System.nanoTime();
        Socket server = new Socket();
        server.setTcpNoDelay(true);
        client.setTcpNoDelay(true);
        server.connect(target);
        sockets.add(client);
        sockets.add(server);
        Connection connection = new Connection(connections.incrementAndGet(), acceptedAt);
        daemon("smtp-relay-c" + connection.number, () -> connection.fromClient(client, server));
        daemon("smtp-relay-s" + connection.number, () -> connection.fromServer(server, client));
      } catch (IOException e) {
        if (!listener.isClosed()) {
          throw new IllegalStateException("SMTP relay stopped accepting: " + e.getMessage(), e);
        }
      }
    }
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
      relay(client, server, new LineReader() {
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
      relay(server, client, new LineReader() {
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
  private abstract static class LineReader {
    private final StringBuilder partial = new StringBuilder();

    abstract void line(String line, long at);

    void bytes(byte[] buffer, int length, long at) {
      partial.append(new String(buffer, 0, length, StandardCharsets.ISO_8859_1));
      int end;
      while ((end = partial.indexOf("\r\n")) >= 0) {
        String line = partial.substring(0, end);
        partial.delete(0, end + 2);
        line(line, at);
      }
    }
  }

  private static void relay(Socket from, Socket to, LineReader reader) {
    byte[] buffer = new byte[16384];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      int read;
      while ((read = in.read(buffer)) > 0) {
        // noted before it is forwarded, so that the reply cannot overtake its command
        reader.bytes(buffer, read, System.nanoTime());
        out.write(buffer, 0, read);
        out.flush();
      }
    } catch (IOException e) {
      // one side closed the connection: the other side learns it below
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static Thread daemon(String name, Runnable run) {
    Thread thread = new Thread(run, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed by the other side
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    sockets.forEach(SmtpRelay::closeQuietly);
    try {
      acceptor.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
