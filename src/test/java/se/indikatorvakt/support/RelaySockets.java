package se.indikatorvakt.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;

/**
 * What the tests' TCP relays on 127.0.0.1 share ({@link LatencyRelay} in front of PostgreSQL, the notification tests'
 * SmtpRelay in front of GreenMail): blocking sockets on daemon threads of their own, never the service's event
 * loops, and a connection whose one side closes is closed on both, as a broken network would.
 */
public final class RelaySockets {
  /** Sees each chunk read, with the time it arrived, before it is forwarded. */
  @FunctionalInterface
  public interface Chunks {
    void read(byte[] buffer, int length, long atNanos);
  }

  /** What a relay does with a connection it accepted, once the connection to its server is open too. */
  @FunctionalInterface
  public interface Connected {
    void opened(Socket client, Socket server, long acceptedNanos);
  }

  private RelaySockets() {}

  /**
   * Accepts connections until the listener closes and opens one to the server on the target port for each, both
   * without Nagle's delay (as the service's own are); both sockets go to {@code open}, for the relay's close.
   */
  public static void acceptEach(ServerSocket listener, int targetPort, List<Socket> open, String relay,
      Connected connected) {
    InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        long acceptedAt = System.nanoTime();
        Socket server = new Socket();
        server.setTcpNoDelay(true);
        client.setTcpNoDelay(true);
        server.connect(target);
        open.add(client);
        open.add(server);
        connected.opened(client, server, acceptedAt);
      } catch (IOException e) {
        if (!listener.isClosed()) {
          throw new IllegalStateException(relay + " stopped accepting: " + e.getMessage(), e);
        }
      }
    }
  }

  /** Forwards every byte unchanged until a side closes, then closes both. */
  public static void pump(Socket from, Socket to) {
    pump(from, to, (buffer, length, at) -> { });
  }

  /**
   * The same, showing each chunk to {@code chunks} before it is forwarded, so that an answer to it cannot be seen
   * before it.
   */
  public static void pump(Socket from, Socket to, Chunks chunks) {
    byte[] buffer = new byte[16384];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      int read;
      while ((read = in.read(buffer)) > 0) {
        chunks.read(buffer, read, System.nanoTime());
        out.write(buffer, 0, read);
        out.flush();
      }
    } catch (IOException e) {
      // a side closed: both are closed below
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  public static Thread daemon(String name, Runnable run) {
    Thread thread = new Thread(run, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  public static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed by the other side
    }
  }
}
