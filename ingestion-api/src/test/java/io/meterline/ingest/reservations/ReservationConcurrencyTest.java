package io.meterline.ingest.reservations;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.meterline.testing.Audit;
import io.meterline.testing.MeterlineServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Many holds at once on one HARD wallet: exactly floor(balance / estimate) succeed, available never below zero. */
@QuarkusTest
@WithTestResource(MeterlineServices.class)
class ReservationConcurrencyTest {

    @Test
    void parallelHoldsNeverOverdrawAHardWallet() throws Exception {
        Holder acme = Holder.create("race", "100", "HARD");
        int attempts = 40;
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<Integer>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < attempts; i++) {
                String id = "r" + i;
                answers.add(pool.submit(() -> acme.hold(id, "7").extract().statusCode()));
            }
            int created = 0;
            int refused = 0;
            for (Future<Integer> answer : answers) {
                int status = answer.get();
                created += status == 201 ? 1 : 0;
                refused += status == 402 ? 1 : 0;
            }
            assertEquals(14, created, "floor(100 / 7) holds fit");
            assertEquals(attempts - 14, refused, "every other hold is refused with 402");
        } finally {
            pool.shutdownNow();
        }
        acme.api().get("/v1/balance").then().statusCode(200).body("held", equalTo("98.000000000000"))
                .body("available", equalTo("2.000000000000"));
        // and parallel charges against what is left: only the ones that fit
        List<Integer> charges = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            charges.add(acme.api().body(Map.of("request_id", "c" + i, "amount", "1")).post("/v1/charges").then()
                    .extract().statusCode());
        }
        assertEquals(List.of(201, 201, 402, 402), charges);
        Audit.assertClean(acme.id());
    }
}
