package se.indikatorvakt.proof;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** {@link MeasurementFuzzTest}'s property with 20 000 generated bodies; run with -Pbench. */
@Tag("bench")
class MeasurementFuzzBench {
  private static FuzzTarget target;

  @BeforeContainer
  static void start() {
    target = FuzzTarget.start();
  }

  @AfterContainer
  static void stop() {
    try {
      assertThat(target.ready()).as("the service is still ready after every generated body").isTrue();
    } finally {
      target.close();
    }
  }

  @Property(tries = 20_000, maxDiscardRatio = 10)
  void everyBodyGetsTheRightAnswerAndNeverA5xx(@ForAll("requests") FuzzedRequest request) throws Exception {
    target.assertAnsweredRightly(request);
  }

  @Provide
  Arbitrary<FuzzedRequest> requests() {
    return MeasurementArbitraries.requests();
  }
}
