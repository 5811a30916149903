package se.indikatorvakt.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * The registry the service owns and the Vert.x metrics options that feed it. Built before Vert.x so
 * that every filter is in place when Vert.x binds its HTTP, pool and JVM meters.
 */
public final class Registries {
  /** Vert.x's HTTP server timer; given buckets so that Grafana can compute p50/p95/p99 with histogram_quantile. */
  static final String HTTP_SERVER_RESPONSE_TIME = "vertx.http.server.response.time";

  /**
   * Fourteen buckets (with +Inf) from 1 ms to 10 s: single posts land in the first few, batches of
   * 10 000 in the upper ones. Micrometer's default histogram has ~70 buckets per label set, five times the series.
   */
  static final Duration[] HTTP_LATENCY_BUCKETS = {
      Duration.ofMillis(1), Duration.ofNanos(2_500_000), Duration.ofMillis(5), Duration.ofMillis(10),
      Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
      Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
      Duration.ofSeconds(10)};

  /**
   * JVM meters that Micrometer publishes in milliseconds or nanoseconds, which become
   * {@code jvm_compilation_time_ms_total} and {@code process_cpu_time_ns_total} (promtool rejects
   * abbreviated units). {@link #bindProcessMetrics} publishes the same readings in seconds instead.
   */
  private static final Set<String> NOT_IN_BASE_UNITS = Set.of("jvm.compilation.time", "process.cpu.time");

  private Registries() {}

  public static PrometheusMeterRegistry prometheus() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config()
        .meterFilter(new HttpLabels())
        .meterFilter(MeterFilter.deny(id -> NOT_IN_BASE_UNITS.contains(id.getName())))
        // "_count" is reserved for histograms and summaries in Prometheus; this gauge is a number of processors
        .meterFilter(new MeterFilter() {
          @Override
          public Meter.Id map(Meter.Id id) {
            return id.getName().equals("system.cpu.count") ? id.withName("system.cpu.processors") : id;
          }
        })
        .meterFilter(new MeterFilter() {
          @Override
          public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
            if (!id.getName().equals(HTTP_SERVER_RESPONSE_TIME)) {
              return config;
            }
            double[] buckets = new double[HTTP_LATENCY_BUCKETS.length];
            for (int i = 0; i < buckets.length; i++) {
              buckets[i] = HTTP_LATENCY_BUCKETS[i].toNanos();
            }
            return DistributionStatisticConfig.builder().serviceLevelObjectives(buckets).build().merge(config);
          }
        });
    bindProcessMetrics(registry);
    return registry;
  }

  /**
   * Vert.x's default labels plus the route template ({@code /api/v1/measurements}, never the path with ids or query
   * strings; {@link HttpLabels} bounds it and the method), so that latency and errors can be read per endpoint with
   * a bounded series count.
   */
  public static MicrometerMetricsOptions vertxOptions() {
    EnumSet<Label> labels = EnumSet.copyOf(MicrometerMetricsOptions.DEFAULT_LABELS);
    labels.add(Label.HTTP_ROUTE);
    return new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        .setLabels(labels);
  }

  private static void bindProcessMetrics(MeterRegistry registry) {
    new FileDescriptorMetrics().bindTo(registry);
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun && sun.getProcessCpuTime() >= 0) {
      FunctionCounter.builder("process.cpu", sun, bean -> bean.getProcessCpuTime() / 1e9)
          .baseUnit("seconds")
          .description("CPU time used by the process")
          .register(registry);
    }
    CompilationMXBean compilation = ManagementFactory.getCompilationMXBean();
    if (compilation != null && compilation.isCompilationTimeMonitoringSupported()) {
      FunctionCounter.builder("jvm.compilation", compilation, bean -> bean.getTotalCompilationTime() / 1000.0)
          .baseUnit("seconds")
          .description("Time the JIT compiler has spent compiling")
          .tag("compiler", compilation.getName())
          .register(registry);
    }
  }
}
