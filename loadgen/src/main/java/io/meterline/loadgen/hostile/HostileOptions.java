package io.meterline.loadgen.hostile;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A hostile end-to-end run ({@code loadgen --hostile}, what scripts/e2e.sh runs).
 *
 * @param prefix  of the run's customer ids, rate model and idempotency keys (unique per run)
 * @param patience how long every accepted event, and each re-rating job, may take to be decided
 * @param rerated where to write the events the first re-rating job changed (null: nowhere)
 * @param crossDayKeys let a pooled idempotency key come back on another UTC day than its first use
 */
public record HostileOptions(URI url, String adminToken, long events, long seed, String prefix, int customers,
                             Duration patience, Path rerated, boolean crossDayKeys) {

    public static final String USAGE = """
            usage: loadgen --hostile [options]
              --url URL             ingestion API base URL (default http://127.0.0.1:8080)
              --admin-token TOKEN   default $METERLINE_ADMIN_TOKEN
              --events N            hostile events to generate (default 600)
              --seed N              generator seed (default: time based; printed, so a run can be repeated)
              --prefix P            prefix of the run's customers and test model (default e2e-<epoch seconds>)
              --customers N         customers, 2..5 (default 3)
              --wait SECONDS        how long an accepted event or a re-rating job may take (default 60)
              --rerated FILE        write 'customer<TAB>event_id<TAB>old_credits<TAB>new_credits<TAB>job' for
                                    each event the re-rating changed (for a check in Postgres)
              --cross-day-keys      re-use idempotency keys on other UTC days too (by default a key keeps its
                                    day, as a retry does: the edge files a key under its event's day)
            Creates the customers (API keys, credits) and the test model's rates through the admin API, sends
            jqwik-generated hostile batches to POST /v1/events/ingest, follows every accepted event with
            GET /v1/events/{id}, corrects the model's price for a past window with "rerate": true twice, checks
            the jobs against the events and the ledger, and asks for the billing audit.
            Output: failures on stderr; one 'HOSTILE key=value ...' line on stdout. Exit 1 on any failure.
            """;

    private static final Set<String> KNOWN = Set.of("hostile", "url", "admin-token", "events", "seed", "prefix",
            "customers", "wait", "rerated", "cross-day-keys");

    public HostileOptions {
        if (adminToken == null || adminToken.isBlank()) {
            throw new IllegalArgumentException("no admin token: give --admin-token or set METERLINE_ADMIN_TOKEN");
        }
        if (events < 1 || customers < 2 || customers > 5) {
            throw new IllegalArgumentException("--events must be positive, --customers 2..5");
        }
        if (!prefix.matches("[a-z0-9][a-z0-9.-]{0,60}")) {
            throw new IllegalArgumentException("--prefix: lower-case letters, digits, '.' and '-', at most 61");
        }
    }

    public static HostileOptions parse(String[] args, String tokenFromEnv) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : null;
            if (name == null || !KNOWN.contains(name)) {
                throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
            }
            if (name.equals("hostile") || name.equals("cross-day-keys")) {
                values.put(name, "true");
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
            values.put(name, args[++i]);
        }
        return new HostileOptions(URI.create(values.getOrDefault("url", "http://127.0.0.1:8080")),
                values.getOrDefault("admin-token", tokenFromEnv), Long.parseLong(values.getOrDefault("events", "600")),
                Long.parseLong(values.getOrDefault("seed", Long.toString(System.nanoTime()))),
                values.getOrDefault("prefix", "e2e-" + System.currentTimeMillis() / 1000),
                Integer.parseInt(values.getOrDefault("customers", "3")),
                Duration.ofSeconds(Long.parseLong(values.getOrDefault("wait", "60"))),
                values.containsKey("rerated") ? Path.of(values.get("rerated")) : null,
                values.containsKey("cross-day-keys"));
    }
}
