package se.indikatorvakt.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP relay on 127.0.0.1 in front of a real server (PostgreSQL) that can hand every chunk the server sends to the
 * client a fixed time after it arrived: a network with that much latency on the way back. Unlike a relay that sleeps
 * before each chunk, the delay does not add up over chunks that arrive together, so each round trip costs it once,
 * and a test can count round trips in units of it.
 */
public final class LatencyRelay implements AutoCloseable {
  private record Chunk(byte[] bytes, long dueNanos) {}

  private static final Chunk END = new Chunk(new byte[0], 0);

  private final ServerSocket listener;
  private final int targetPort;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private volatile long delayNanos;

  public LatencyRelay(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
    daemon("latency-relay", this::accept);
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** From now on, every chunk the server sends reaches the client this much later than it arrived here. */
  public void replyLatency(Duration latency) {
    delayNanos = latency.toNanos();
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        client.setTcpNoDelay(true);
        server.setTcpNoDelay(true);
        open.add(client);
        open.add(server);
        daemon("latency-relay-up", () -> pump(client, server));
        BlockingQueue<Chunk> back = new LinkedBlockingQueue<>();
        daemon("latency-relay-down", () -> read(server, back));
        daemon("latency-relay-late", () -> deliver(back, client));
      } catch (IOException e) {
        if (!listener.isClosed()) {
          throw new IllegalStateException("latency relay stopped accepting: " + e.getMessage(), e);
        }
      }
    }
  }

  private static void pump(Socket from, Socket to) {
    byte[] buffer = new byte[16384];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      int read;
      while ((read = in.read(buffer)) > 0) {
        out.write(buffer, 0, read);
        out.flush();
      }
    } catch (IOException e) {
      // a side closed: both are closed below, as a broken network would
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private void read(Socket server, BlockingQueue<Chunk> back) {
    byte[] buffer = new byte[16384];
    try (InputStream in = server.getInputStream()) {
      int read;
      while ((read = in.read(buffer)) > 0) {
        back.add(new Chunk(Arrays.copyOf(buffer, read), System.nanoTime() + delayNanos));
      }
    } catch (IOException e) {
      // the server or the relay closed the connection
    } finally {
      back.add(END);
    }
  }

  private static void deliver(BlockingQueue<Chunk> back, Socket client) {
    try (OutputStream out = client.getOutputStream()) {
      while (true) {
        Chunk chunk = back.poll(1, TimeUnit.SECONDS);
        if (chunk == END) {
          return;
        }
        if (chunk == null) {
          continue;
        }
        long wait;
        while ((wait = chunk.dueNanos() - System.nanoTime()) > 0) {
          LockSupport.parkNanos(wait);
        }
        out.write(chunk.bytes());
        out.flush();
      }
    } catch (IOException e) {
      // the client closed its connection
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeQuietly(client);
    }
  }

  private static void daemon(String name, Runnable run) {
    Thread thread = new Thread(run, name);
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    open.forEach(LatencyRelay::closeQuietly);
  }
}
