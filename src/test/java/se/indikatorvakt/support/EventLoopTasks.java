package se.indikatorvakt.support;

import io.vertx.core.impl.VertxThread;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Watches every Vert.x event-loop thread of this JVM and keeps the task that used the most CPU: the tasks Vert.x's
 * blocked-thread checker times (from {@link VertxThread#startTime()}), measured in the thread's CPU time rather than
 * in wall time, because on a shared 2-core machine wall time also counts the time the thread waited for a core.
 */
public final class EventLoopTasks {
  private static final long SAMPLE_MS = 1;
  private static final long MORE_TO_SHOW_NS = 5_000_000;

  /** The longest task seen: its CPU time and where its thread was when that was last measured. */
  public record Task(String thread, long cpuMillis, String where) {}

  private record Running(long startTime, long cpuAtStart) {}

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final Map<Long, Running> running = new HashMap<>();
  private final Thread watcher = new Thread(this::sampleUntilStopped, "event-loop-task-watch");
  private volatile boolean stopped;
  private Task longest = new Task("none", 0, "");
  private long longestNanos;

  private EventLoopTasks() {}

  public static EventLoopTasks watch() {
    EventLoopTasks tasks = new EventLoopTasks();
    tasks.watcher.setDaemon(true);
    tasks.watcher.start();
    return tasks;
  }

  /** Stops watching and answers the task that used the most CPU. */
  public Task stop() throws InterruptedException {
    stopped = true;
    watcher.join();
    return longest;
  }

  private void sampleUntilStopped() {
    while (!stopped) {
      for (Thread thread : allThreads()) {
        if (thread instanceof VertxThread vertx && !vertx.isWorker()) {
          sample(vertx);
        }
      }
      try {
        Thread.sleep(SAMPLE_MS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void sample(VertxThread thread) {
    long startTime = thread.startTime();
    long cpu = threads.getThreadCpuTime(thread.getId());
    Running task = running.get(thread.getId());
    if (startTime == 0 || task == null || task.startTime() != startTime) {
      running.put(thread.getId(), new Running(startTime, cpu));
      return;
    }
    long used = cpu - task.cpuAtStart();
    if (used > longestNanos) {
      String where = used - longestNanos >= MORE_TO_SHOW_NS || longest.where().isEmpty()
          ? frames(thread) : longest.where();
      longestNanos = used;
      longest = new Task(thread.getName(), used / 1_000_000, where);
    }
  }

  private static String frames(Thread thread) {
    return Arrays.stream(thread.getStackTrace()).limit(40).map(StackTraceElement::toString)
        .collect(Collectors.joining(" < "));
  }

  private static Thread[] allThreads() {
    ThreadGroup root = Thread.currentThread().getThreadGroup();
    while (root.getParent() != null) {
      root = root.getParent();
    }
    Thread[] all = new Thread[root.activeCount() + 16];
    int count = root.enumerate(all, true);
    return Arrays.copyOf(all, count);
  }
}
