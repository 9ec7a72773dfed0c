package io.meterline.cost;

import io.meterline.common.http.EdgeRules;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Starts the cost worker as Quarkus would, after handing the request-target check to the shared
 * {@code RouteErrors} (a system property Quarkus reads once at start; see {@link EdgeRules#takeOverUriCheck()}).
 */
@QuarkusMain
public final class CostWorkerMain {

    private CostWorkerMain() {
    }

    public static void main(String... args) {
        EdgeRules.takeOverUriCheck();
        Quarkus.run(args);
    }
}
