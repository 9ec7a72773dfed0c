package io.meterline.aggregation;

import io.meterline.common.http.EdgeRules;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Starts the aggregation worker as Quarkus would, after handing the request-target check to the service's
 * {@code RouteErrors} (a system property Quarkus reads once at start; see {@link EdgeRules#takeOverUriCheck()}).
 */
@QuarkusMain
public final class AggregationWorkerMain {

    private AggregationWorkerMain() {
    }

    public static void main(String... args) {
        EdgeRules.takeOverUriCheck();
        Quarkus.run(args);
    }
}
