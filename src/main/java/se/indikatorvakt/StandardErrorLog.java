package se.indikatorvakt;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In JSON log mode, whatever a library prints to standard error (a stack trace of an exception nobody handled, a
 * warning of the JVM) becomes a log event per line, so that a log shipper reading the output parses every line.
 */
final class StandardErrorLog extends OutputStream {
  private static final Logger LOG = LoggerFactory.getLogger("stderr");
  private static final int MAX_LINE = 8192;

  private final ByteArrayOutputStream line = new ByteArrayOutputStream();

  static void install() {
    System.setErr(new PrintStream(new StandardErrorLog(), true, StandardCharsets.UTF_8));
    Thread.setDefaultUncaughtExceptionHandler((thread, error) ->
        LoggerFactory.getLogger(Main.class).error("Uncaught exception in thread {}", thread.getName(), error));
  }

  @Override
  public synchronized void write(int b) {
    if (b == '\n') {
      flushLine();
    } else if (line.size() < MAX_LINE) {
      line.write(b);
    }
  }

  @Override
  public synchronized void flush() {
    if (line.size() > 0) {
      flushLine();
    }
  }

  private void flushLine() {
    String text = line.toString(StandardCharsets.UTF_8).stripTrailing();
    line.reset();
    if (!text.isBlank()) {
      LOG.warn(text);
    }
  }
}
