package io.meterline.loadgen.reserve;

import io.meterline.loadgen.generate.Customer;
import io.meterline.loadgen.generate.CustomerList;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A reservations run ({@code loadgen --reservations}): holds offered at a fixed rate over the customers, round
 * robin; the first {@code closingShare} of the customers also close each hold they got, alternately by releasing
 * it and by a charge that settles it.
 *
 * @param warmup      holds are first sent this long at the same rate and mix, not measured (the JIT of both
 *                    sides, the connections, the plan caches: what a long-running API has and a fresh one lacks)
 * @param estimate    credits each hold asks for (a charge that settles one costs half of it)
 * @param concurrency requests in flight at most (= HTTP connections)
 */
public record ReservationOptions(URI url, List<Customer> customers, double rate, Duration duration,
                                 Duration warmup, double closingShare, String estimate, int concurrency,
                                 Duration timeout, long seed,
                                 boolean progress) {

    public static final String USAGE = """
            usage: loadgen --reservations [options]
              --url URL               ingestion API base URL (default http://127.0.0.1:8080)
              --customers-file FILE   lines 'customer_id api_key'
              --customer ID:KEY       a customer and its API key; repeatable
              --rate N                offered holds/s, open loop (default 2000)
              --duration SECONDS      length of the run (default 20)
              --warmup SECONDS        sent first at the same rate and mix, not measured (default 5)
              --closing-share SHARE   share of the customers that release or settle each hold (default 0.5)
              --estimate CREDITS      credits per hold (default 1.5)
              --concurrency N         requests in flight at most = keep-alive connections at most (default 64)
              --timeout SECONDS       per-request timeout (default 30)
              --seed N                reservation ids are lg-<seed>-<n> (default: time based)
              --quiet                 no progress line
            Latency of a hold is measured from its intended send time (no coordinated omission). Output: a summary
            and one 'RESULT key=value ...' line on stdout.
            """;

    private static final Set<String> KNOWN = Set.of("url", "customers-file", "customer", "rate", "duration",
            "warmup", "closing-share", "estimate", "concurrency", "timeout", "seed", "quiet", "reservations");

    public ReservationOptions {
        customers = List.copyOf(customers);
        if (customers.isEmpty()) {
            throw new IllegalArgumentException("no customer: give --customers-file or --customer id:key");
        }
        if (rate <= 0 || duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException("--rate and --duration must be positive");
        }
        if (warmup.isNegative()) {
            throw new IllegalArgumentException("--warmup must not be negative");
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("--concurrency must be at least 1");
        }
        if (closingShare < 0 || closingShare > 1) {
            throw new IllegalArgumentException("--closing-share must be in [0, 1]");
        }
    }

    /** Holds measured: rate × duration. */
    public long holds() {
        return Math.round(rate * duration.toMillis() / 1000.0);
    }

    /** Holds sent before them, not measured: rate × warmup. */
    public long warmupHolds() {
        return Math.round(rate * warmup.toMillis() / 1000.0);
    }

    /** Whether customer {@code index} closes its holds. */
    public boolean closes(int index) {
        return index < Math.round(closingShare * customers.size());
    }

    public static ReservationOptions parse(String[] args) throws IOException {
        Map<String, String> single = new HashMap<>();
        List<Customer> customers = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : null;
            if (name == null || !KNOWN.contains(name)) {
                throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
            }
            if (name.equals("quiet") || name.equals("reservations")) {
                single.put(name, "true");
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
        return new ReservationOptions(URI.create(single.getOrDefault("url", "http://127.0.0.1:8080")), customers,
                Double.parseDouble(single.getOrDefault("rate", "2000")),
                Duration.ofMillis(Math.round(Double.parseDouble(single.getOrDefault("duration", "20")) * 1000)),
                Duration.ofMillis(Math.round(Double.parseDouble(single.getOrDefault("warmup", "5")) * 1000)),
                Double.parseDouble(single.getOrDefault("closing-share", "0.5")),
                single.getOrDefault("estimate", "1.5"),
                Integer.parseInt(single.getOrDefault("concurrency", "64")),
                Duration.ofMillis(Math.round(Double.parseDouble(single.getOrDefault("timeout", "30")) * 1000)),
                Long.parseLong(single.getOrDefault("seed", Long.toString(System.nanoTime() & 0xffffffffL))),
                !single.containsKey("quiet"));
    }
}
