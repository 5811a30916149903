package se.indikatorvakt.proof;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * Everything the in-process service logs while it is open, as the text a log file would hold:
 * message, arguments, MDC and the whole chain of exceptions with their messages.
 */
public final class LogCapture implements AutoCloseable {
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final AppenderBase<ILoggingEvent> appender;
  private Logger raised;
  private Level previousLevel;

  private LogCapture() {
    LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
    appender = new AppenderBase<>() {
      @Override
      protected void append(ILoggingEvent event) {
        StringBuilder line = new StringBuilder()
            .append(event.getLevel()).append(' ').append(event.getLoggerName()).append(" - ")
            .append(event.getFormattedMessage()).append(' ').append(event.getMDCPropertyMap());
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
          line.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
          for (StackTraceElementProxy frame : t.getStackTraceElementProxyArray()) {
            line.append(' ').append(frame.getSTEAsString());
          }
        }
        lines.add(line.toString());
      }
    };
    appender.setContext(logging);
    appender.setName("proof-log-capture-" + System.identityHashCode(this));
    appender.start();
    logging.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
  }

  public static LogCapture start() {
    return new LogCapture();
  }

  /** A capture during which {@code logger} also logs at {@code level}; its level before is restored at close. */
  public static LogCapture atLevel(String logger, Level level) {
    LogCapture capture = new LogCapture();
    capture.raised = (Logger) LoggerFactory.getLogger(logger);
    capture.previousLevel = capture.raised.getLevel();
    capture.raised.setLevel(level);
    return capture;
  }

  public List<String> lines() {
    return List.copyOf(lines);
  }

  public List<String> linesContaining(String text) {
    return lines.stream().filter(line -> line.contains(text)).toList();
  }

  @Override
  public void close() {
    LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
    logging.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
    appender.stop();
    if (raised != null) {
      raised.setLevel(previousLevel);
    }
  }
}
