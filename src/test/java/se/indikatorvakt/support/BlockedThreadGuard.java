package se.indikatorvakt.support;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Fails a test class when Vert.x logged a blocked event-loop or worker thread while it ran: blocking
 * an event loop is a bug, not a warning. Registered for every test class through auto-detection.
 */
public final class BlockedThreadGuard implements BeforeAllCallback, AfterAllCallback {
  private static final List<String> BLOCKED = new CopyOnWriteArrayList<>();
  private static volatile boolean installed;

  @Override
  public void beforeAll(ExtensionContext context) {
    install();
    BLOCKED.clear();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (!BLOCKED.isEmpty()) {
      List<String> seen = List.copyOf(BLOCKED);
      BLOCKED.clear();
      throw new AssertionError("Vert.x reported a blocked thread during " + context.getDisplayName() + ": " + seen);
    }
  }

  private static synchronized void install() {
    if (installed) {
      return;
    }
    LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
    AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
      @Override
      protected void append(ILoggingEvent event) {
        if (event.getFormattedMessage() != null && event.getFormattedMessage().contains("has been blocked for")) {
          BLOCKED.add(event.getThreadName() + ": " + event.getFormattedMessage());
        }
      }
    };
    appender.setContext(logging);
    appender.setName("blocked-thread-guard");
    appender.start();
    logging.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
    installed = true;
  }
}
