package se.indikatorvakt.proof;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Generated bodies, valid and broken in known ways, posted to the real service: a short run in the
 * normal suite. {@link MeasurementFuzzBench} runs the same property far longer under -Pbench.
 */
class MeasurementFuzzTest {
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

  @Property(tries = 250)
  void everyBodyGetsTheRightAnswerAndNeverA5xx(@ForAll("requests") FuzzedRequest request) throws Exception {
    target.assertAnsweredRightly(request);
  }

  @Provide
  Arbitrary<FuzzedRequest> requests() {
    return MeasurementArbitraries.requests();
  }
}
