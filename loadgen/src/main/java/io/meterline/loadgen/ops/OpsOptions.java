package io.meterline.loadgen.ops;

import io.meterline.loadgen.generate.Customer;
import io.meterline.loadgen.generate.CustomerList;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A credit-operations run ({@code loadgen --credit-ops}): charges, refunds, admin grants, reservations and webhook
 * tests at a fixed rate beside the event load of a chaos scenario, each retried with its own idempotency id while
 * its outcome is open, each outcome written down.
 *
 * @param model     {@code provider:model} of the usage event that settles a reservation (must have a rate)
 * @param webhookId a webhook endpoint to queue {@code webhook.test} deliveries to; null: none
 * @param ids       the prefix of every id this run makes (charges, refunds, grants, reservations)
 * @param expiringGrants lifetime of the short-lived grants (every other grant, on customers without auto top-up);
 *                  zero: none
 * @param autoTopUpGap    auto top-up on every other customer, threshold this far below its balance at the start,
 *                  target that balance, each request answered by a grant; null: none
 * @param plan      subscribe every customer to this plan during the run (created by the run); null: none
 */
public record OpsOptions(URI url, List<Customer> customers, String adminToken, double rate, Duration duration,
                         Duration retryFor, Duration timeout, String model, String webhookId, String ids,
                         Path outcomes, Path events, Duration expiringGrants, BigDecimal autoTopUpGap, String plan) {

    public static final String USAGE = """
            usage: loadgen --credit-ops [options]
              --url URL               ingestion API base URL (default http://127.0.0.1:8080)
              --customers-file FILE   lines 'customer_id api_key'
              --customer ID:KEY       a customer and its API key; repeatable
              --admin-token TOKEN     for the admin calls (grants, webhook tests); default $METERLINE_ADMIN_TOKEN
              --rate N                operations per second, open loop (default 20)
              --duration SECONDS      length of the run (default 20)
              --retry-for SECONDS     re-send an operation whose outcome is open for this long (default 150)
              --timeout SECONDS       per-request timeout (default 30)
              --model PROVIDER:MODEL  model of the events that settle reservations (required)
              --webhook-endpoint ID   queue webhook.test deliveries to this endpoint (one operation in ten)
              --ids PREFIX            prefix of every id made (default ops-<time>-)
              --outcomes FILE         'kind<TAB>customer<TAB>id<TAB>code<TAB>status' per operation (required)
              --events FILE           'code<TAB>customer<TAB>event_id' per settling event, as loadgen --outcomes
              --expiring-grants SECONDS  every other grant expires this soon (priority 0, part of it unused)
              --auto-top-up GAP       auto top-up on every other customer (threshold GAP below its balance, target
                                      its balance); each request answered by a grant with the request's id
              --plan PLAN_ID          create this plan and subscribe every customer to it during the run
            Codes: A acknowledged (2xx), R refused for good (another 4xx), U no definite answer in time.
            Output: one 'OPS kind=... sent=... acked=... refused=... unknown=...' line per kind on stdout.
            """;

    private static final Set<String> KNOWN = Set.of("url", "customers-file", "customer", "admin-token", "rate", "duration",
            "retry-for", "timeout", "model", "webhook-endpoint", "ids", "outcomes", "events", "credit-ops",
            "expiring-grants", "auto-top-up", "plan");

    public OpsOptions {
        customers = List.copyOf(customers);
        if (customers.isEmpty()) {
            throw new IllegalArgumentException("no customer: give --customers-file or --customer id:key");
        }
        if (rate <= 0 || duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException("--rate and --duration must be positive");
        }
        if (adminToken == null || adminToken.isBlank()) {
            throw new IllegalArgumentException("no admin token: give --admin-token or set METERLINE_ADMIN_TOKEN");
        }
        if (model == null || model.indexOf(':') <= 0) {
            throw new IllegalArgumentException("--model provider:model is required");
        }
        if (outcomes == null) {
            throw new IllegalArgumentException("--outcomes FILE is required");
        }
        if (expiringGrants.isNegative() || autoTopUpGap != null && autoTopUpGap.signum() <= 0) {
            throw new IllegalArgumentException("--expiring-grants must not be negative, --auto-top-up positive");
        }
    }

    /** Operations to start: rate × duration. */
    public long operations() {
        return Math.round(rate * duration.toMillis() / 1000.0);
    }

    public static OpsOptions parse(String[] args, String tokenFromEnv) throws IOException {
        Map<String, String> single = new HashMap<>();
        List<Customer> customers = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : null;
            if (name == null || !KNOWN.contains(name)) {
                throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
            }
            if (name.equals("credit-ops")) {
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
            String value = args[++i];
            if (name.equals("customer")) {
                customers.add(CustomerList.parseArg(value));
            } else if (name.equals("customers-file")) {
                customers.addAll(CustomerList.read(Path.of(value)));
            } else {
                single.put(name, value);
            }
        }
        return new OpsOptions(URI.create(single.getOrDefault("url", "http://127.0.0.1:8080")), customers,
                single.getOrDefault("admin-token", tokenFromEnv),
                Double.parseDouble(single.getOrDefault("rate", "20")), seconds(single.getOrDefault("duration", "20")),
                seconds(single.getOrDefault("retry-for", "150")), seconds(single.getOrDefault("timeout", "30")),
                single.get("model"), single.get("webhook-endpoint"),
                single.getOrDefault("ids", "ops-" + System.currentTimeMillis() + "-"),
                single.containsKey("outcomes") ? Path.of(single.get("outcomes")) : null,
                single.containsKey("events") ? Path.of(single.get("events")) : null,
                seconds(single.getOrDefault("expiring-grants", "0")),
                single.containsKey("auto-top-up") ? new BigDecimal(single.get("auto-top-up")) : null,
                single.get("plan"));
    }

    private static Duration seconds(String value) {
        return Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
    }
}
