package io.meterline.ingest.http;

import io.meterline.common.http.EdgeRules;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Starts the ingestion API as Quarkus would, after handing the request-target check to {@link EdgeGuard} (a
 * system property Quarkus reads once at start; see {@link EdgeRules#takeOverUriCheck()}).
 */
@QuarkusMain
public final class IngestionApiMain {

    private IngestionApiMain() {
    }

    public static void main(String... args) {
        EdgeRules.takeOverUriCheck();
        Quarkus.run(args);
    }
}
