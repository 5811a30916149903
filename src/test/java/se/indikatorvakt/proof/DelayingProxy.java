package se.indikatorvakt.proof;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on 127.0.0.1 in front of a real server (GreenMail) that can hold back every reply of
 * the server, on new and on pooled connections alike: a slow SMTP server, so that a send takes as long
 * as the test wants while the mail itself still goes to the real server.
 */
public final class DelayingProxy implements AutoCloseable {
  private final ServerSocket socket;
  private final int targetPort;
  private volatile Duration replyDelay = Duration.ZERO;
  private final java.util.concurrent.atomic.AtomicInteger transactions = new java.util.concurrent.atomic.AtomicInteger();
  private volatile long lastTransactionStarted = Long.MIN_VALUE;
  private volatile boolean closed;
  private final List<Socket> open = new CopyOnWriteArrayList<>();

  private DelayingProxy(ServerSocket socket, int targetPort) {
    this.socket = socket;
    this.targetPort = targetPort;
    Thread acceptor = new Thread(this::acceptLoop, "delaying-proxy-" + socket.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public static DelayingProxy to(int targetPort) {
    try {
      return new DelayingProxy(new ServerSocket(0, 100, InetAddress.getLoopbackAddress()), targetPort);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return socket.getLocalPort();
  }

  /** SMTP transactions the client has begun through this relay (MAIL FROM commands seen). */
  public int transactionsStarted() {
    return transactions.get();
  }

  /**
   * Whether the client began an SMTP transaction (MAIL FROM) less than {@code ago} ago: with replies held back,
   * such a transaction is still under way when {@code ago} is shorter than the delays left in it.
   */
  public boolean transactionStartedWithin(Duration ago) {
    long started = lastTransactionStarted;
    return started != Long.MIN_VALUE && System.nanoTime() - started < ago.toNanos();
  }

  /** From now on, every chunk the server sends reaches the client this much later. */
  public void replyDelay(Duration delay) {
    this.replyDelay = delay;
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = socket.accept();
        Thread relay = new Thread(() -> relay(client), "delaying-proxy-conn");
        relay.setDaemon(true);
        relay.start();
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private void relay(Socket client) {
    open.add(client);
    try (client; Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
      open.add(server);
      Thread upstream = new Thread(() -> pump(client, server, false), "delaying-proxy-up");
      upstream.setDaemon(true);
      upstream.start();
      pump(server, client, true);
      upstream.join();
      open.remove(server);
    } catch (IOException e) {
      // the target is down or a side hung up: the client sees its connection close, as it would
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      open.remove(client);
    }
  }

  private void pump(Socket from, Socket to, boolean delayed) {
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      byte[] buffer = new byte[8192];
      int read;
      while ((read = in.read(buffer)) >= 0) {
        Duration delay = replyDelay;
        if (delayed && !delay.isZero()) {
          Thread.sleep(delay.toMillis());
        }
        if (!delayed && new String(buffer, 0, Math.min(read, 10), java.nio.charset.StandardCharsets.US_ASCII)
            .regionMatches(true, 0, "MAIL FROM", 0, 9)) {
          lastTransactionStarted = System.nanoTime();
          transactions.incrementAndGet();
        }
        out.write(buffer, 0, read);
        out.flush();
      }
      to.shutdownOutput();
    } catch (IOException e) {
      closeQuietly(to);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed by the other side
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
    open.forEach(DelayingProxy::closeQuietly);
  }
}
