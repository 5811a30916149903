package se.indikatorvakt.proof;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import se.indikatorvakt.support.Http;

/**
 * The packaged jar as an operating-system process, the way it runs in production: its own ports,
 * its log in a file, stopped with SIGTERM or killed with SIGKILL, its resident memory from /proc.
 */
public final class ServiceProcess implements AutoCloseable {
  public static final Path JAR = Path.of(System.getProperty("indikatorvakt.jar", "target/indikatorvakt.jar"));
  static final Path WORK = Path.of(System.getProperty("indikatorvakt.test.work", "target/test-work"));

  private final String name;
  private final Process process;
  private final int apiPort;
  private final int managementPort;
  private final Path log;
  private final long startedNanos;

  private ServiceProcess(String name, Process process, int apiPort, int managementPort, Path log, long startedNanos) {
    this.name = name;
    this.process = process;
    this.apiPort = apiPort;
    this.managementPort = managementPort;
    this.log = log;
    this.startedNanos = startedNanos;
  }

  /** Starts the jar with the given settings (INDIKATORVAKT_* variables) on two free ports; does not wait. */
  public static ServiceProcess start(String name, Map<String, String> env) {
    return start(name, env, List.of());
  }

  /** The same with arguments for the JVM before {@code -jar} (a {@code @file} of them, as java reads one). */
  public static ServiceProcess start(String name, Map<String, String> env, List<String> jvmArguments) {
    try {
      int apiPort = freePort();
      int managementPort = freePort();
      Path log = Files.createDirectories(WORK).resolve(name + "-" + System.nanoTime() + ".log");
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(jvmArguments);
      command.add("-jar");
      command.add(JAR.toAbsolutePath().toString());
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().keySet().removeIf(variable -> variable.startsWith("INDIKATORVAKT_"));
      builder.environment().putAll(env);
      builder.environment().put("INDIKATORVAKT_HTTP_PORT", Integer.toString(apiPort));
      builder.environment().put("INDIKATORVAKT_HTTP_HOST", "127.0.0.1");
      builder.environment().put("INDIKATORVAKT_MANAGEMENT_PORT", Integer.toString(managementPort));
      builder.environment().put("INDIKATORVAKT_MANAGEMENT_HOST", "127.0.0.1");
      builder.redirectErrorStream(true).redirectOutput(log.toFile());
      long started = System.nanoTime();
      return new ServiceProcess(name, builder.start(), apiPort, managementPort, log, started);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Polls readiness every 10 ms; returns the time from process start to the first 200. */
  public Duration awaitReady(Duration timeout) {
    Http management = new Http(managementPort);
    long deadline = startedNanos + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError(name + " exited with " + process.exitValue() + "; log: " + tail());
      }
      if (ready(management)) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError(name + " not ready within " + timeout + "; log: " + tail());
  }

  public boolean ready() {
    return ready(new Http(managementPort));
  }

  private static boolean ready(Http management) {
    try {
      return management.get("/health/ready").status() == 200;
    } catch (IllegalStateException notListening) {
      return false;
    }
  }

  public String name() {
    return name;
  }

  public int apiPort() {
    return apiPort;
  }

  public int managementPort() {
    return managementPort;
  }

  public long pid() {
    return process.pid();
  }

  public boolean alive() {
    return process.isAlive();
  }

  public Path log() {
    return log;
  }

  /** VmRSS of the process in kB, as the kernel counts it; empty once the process is gone. */
  public OptionalLong residentKb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return OptionalLong.of(Long.parseLong(line.replaceAll("[^0-9]", "")));
        }
      }
      return OptionalLong.empty();
    } catch (IOException gone) {
      return OptionalLong.empty();
    }
  }

  /** SIGKILL: no shutdown hook, no graceful stop, whatever was in flight is cut. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits for the process to end by itself (a refused start); its exit status. */
  public int waitForExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(name + " still running after " + timeout + "; log: " + tail());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** SIGTERM and wait for the exit. */
  public int stop() {
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  public String tail() {
    try {
      String text = Files.readString(log);
      return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      stop();
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
