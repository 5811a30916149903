package se.indikatorvakt;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.LoggerFactory;
import se.indikatorvakt.Settings;
import se.indikatorvakt.config.SettingsException;
import se.indikatorvakt.db.EmbeddedDatabase;
import se.indikatorvakt.http.auth.ApiKeys;
import sun.misc.Signal;

/** Entry point: validated settings, then the service; SIGTERM or Ctrl-C stop it gracefully with exit status 0. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("generate-key")) {
      ApiKeys.printNewKey(System.out, args.length > 1 ? args[1] : "source-system");
      return;
    }
    Settings settings;
    try {
      settings = Settings.load(System.getenv());
    } catch (SettingsException e) {
      e.problems().forEach(problem -> System.err.println("indikatorvakt: invalid " + problem));
      System.exit(2);
      return;
    }
    if (args.length > 0 && args[0].equals("report")) {
      System.exit(ReportCommand.run(List.of(args).subList(1, args.length), settings, Clock.systemUTC(), System.out,
          System.err));
      return;
    }
    if (settings.logFormat() == Settings.LogFormat.JSON) {
      // before the first logger exists, so that Logback reads this file and no other
      System.setProperty("logback.configurationFile", "logback-json.xml");
      StandardErrorLog.install();
    }
    AtomicReference<Application> running = new AtomicReference<>();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      Application app = running.getAndSet(null);
      if (app != null) {
        app.stop();
      }
    }, "indikatorvakt-shutdown"));
    // A stop that was asked for is a clean exit: status 0 rather than the JVM's 143 for a signal.
    Signal.handle(new Signal("TERM"), signal -> System.exit(0));
    Signal.handle(new Signal("INT"), signal -> System.exit(0));
    try {
      running.set(Application.start(settings));
    } catch (RuntimeException e) {
      Optional<EmbeddedDatabase.RefusedException> refused = refusal(e);
      if (refused.isPresent()) {
        LoggerFactory.getLogger(Main.class).error("Indikatorvakt could not start: {}", refused.get().getMessage());
      } else {
        LoggerFactory.getLogger(Main.class).error("Indikatorvakt could not start: {}", e.getMessage(), e);
      }
      System.exit(1);
    }
  }

  /** A refusal the operator fixes with a setting needs its one line, not a stack trace. */
  private static Optional<EmbeddedDatabase.RefusedException> refusal(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof EmbeddedDatabase.RefusedException refused) {
        return Optional.of(refused);
      }
    }
    return Optional.empty();
  }
}
