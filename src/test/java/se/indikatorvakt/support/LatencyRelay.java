package se.indikatorvakt.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
 *
 * <p>It can also delay only the server's answers to {@code COMMIT} (and whatever follows them on that connection,
 * which cannot overtake them): a server whose commits are slow, as durable ones are, while its statements are not.
 * For that it reads the server's messages whole (a type byte and a length), so it forwards each message once it has
 * all of it.
 */
public final class LatencyRelay implements AutoCloseable {
  private record Chunk(byte[] bytes, long dueNanos) {}

  private static final Chunk END = new Chunk(new byte[0], 0);

  private final ServerSocket listener;
  private final int targetPort;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private static final byte[] COMMIT_TAG = "COMMIT\0".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] UPDATE_TAG = "UPDATE ".getBytes(StandardCharsets.US_ASCII);

  private volatile long delayNanos;
  private volatile long commitDelayNanos;
  private volatile boolean commitsAfterUpdateOnly;

  public LatencyRelay(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
    RelaySockets.daemon("latency-relay", this::accept);
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** From now on, every chunk the server sends reaches the client this much later than it arrived here. */
  public void replyLatency(Duration latency) {
    delayNanos = latency.toNanos();
  }

  /** From now on, the server's answers to COMMIT reach the client this much later than they arrived here. */
  public void commitLatency(Duration latency) {
    commitsAfterUpdateOnly = false;
    commitDelayNanos = latency.toNanos();
  }

  /**
   * From now on, only the answers to COMMIT of a transaction in which a statement answered {@code UPDATE} (such as
   * the outbox's claim; not a read, nor an {@code INSERT ... ON CONFLICT} or a statement whose last part inserts)
   * reach the client this much later than they arrived here.
   */
  public void commitLatencyAfterUpdates(Duration latency) {
    commitsAfterUpdateOnly = true;
    commitDelayNanos = latency.toNanos();
  }

  private void accept() {
    RelaySockets.acceptEach(listener, targetPort, open, "latency relay", (client, server, acceptedAt) -> {
      RelaySockets.daemon("latency-relay-up", () -> RelaySockets.pump(client, server));
      BlockingQueue<Chunk> back = new LinkedBlockingQueue<>();
      RelaySockets.daemon("latency-relay-down", () -> read(server, back));
      RelaySockets.daemon("latency-relay-late", () -> deliver(back, client));
    });
  }

  /**
   * Cuts what the server sends into its messages: those before the first late answer to COMMIT in what arrived
   * together go out with the reply latency, that answer and the rest with the commit latency.
   */
  private void read(Socket server, BlockingQueue<Chunk> back) {
    byte[] buffer = new byte[16384];
    byte[] pending = new byte[0];
    boolean updated = false;
    try (InputStream in = server.getInputStream()) {
      int read;
      while ((read = in.read(buffer)) > 0) {
        long now = System.nanoTime();
        byte[] joined = Arrays.copyOf(pending, pending.length + read);
        System.arraycopy(buffer, 0, joined, pending.length, read);
        int whole = 0;
        int late = -1;
        while (joined.length - whole >= 5) {
          int length = ByteBuffer.wrap(joined, whole + 1, 4).getInt();
          if (joined.length - whole < 1 + length) {
            break;
          }
          if (joined[whole] == 'Z' && joined[whole + 5] == 'I') {
            updated = false;
          } else if (joined[whole] == 'C' && tagStarts(joined, whole, length, UPDATE_TAG)) {
            updated = true;
          } else if (late < 0 && commitDelayNanos > 0 && (updated || !commitsAfterUpdateOnly)
              && joined[whole] == 'C' && length - 4 == COMMIT_TAG.length && tagStarts(joined, whole, length,
              COMMIT_TAG)) {
            late = whole;
          }
          whole += 1 + length;
        }
        int prompt = late < 0 ? whole : late;
        if (prompt > 0) {
          back.add(new Chunk(Arrays.copyOfRange(joined, 0, prompt), now + delayNanos));
        }
        if (prompt < whole) {
          back.add(new Chunk(Arrays.copyOfRange(joined, prompt, whole), now + Math.max(delayNanos,
              commitDelayNanos)));
        }
        pending = Arrays.copyOfRange(joined, whole, joined.length);
      }
    } catch (IOException e) {
      // the server or the relay closed the connection
    } finally {
      back.add(END);
    }
  }

  /** Whether the message at {@code at} (a CommandComplete) has a tag that starts with {@code tag}. */
  private static boolean tagStarts(byte[] bytes, int at, int length, byte[] tag) {
    return length - 4 >= tag.length && Arrays.equals(bytes, at + 5, at + 5 + tag.length, tag, 0, tag.length);
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
      RelaySockets.closeQuietly(client);
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    open.forEach(RelaySockets::closeQuietly);
  }
}
