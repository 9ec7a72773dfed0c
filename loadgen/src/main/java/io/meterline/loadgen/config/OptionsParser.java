package io.meterline.loadgen.config;

import io.meterline.loadgen.generate.Customer;
import io.meterline.loadgen.generate.CustomerList;
import io.meterline.loadgen.generate.ModelSpec;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns {@code --name value} / {@code --name=value} arguments into {@link Options}. */
public final class OptionsParser {

    public static final String USAGE = """
            usage: loadgen [options]
              --url URL               ingestion API base URL (default http://127.0.0.1:8080)
              --customers-file FILE   lines 'customer_id api_key' (bench.sh writes one)
              --customer ID:KEY       a customer and its API key; repeatable
              --batch-size N          events per request (default 1000)
              --rate EPS              offered events/s, fixed rate; 0 = as fast as possible (default 0)
              --concurrency N         requests in flight at most (default 4; fixed rate: 64)
              --events N              stop after N events (default 100000 unless --duration is given)
              --duration SECONDS      stop after this many seconds
              --duplicates SHARE      share of re-sent earlier events, 0..0.99 (default 0.01)
              --models LIST           provider:model[:weight],... (default the six catalogue models)
              --seed N                random seed (default: time based)
              --timeout SECONDS       per-request timeout (default 30)
              --warmup-events N       send N events first, not measured (JIT warm-up; default 0)
              --pregenerate           build every batch before the clock starts (needs --events, or --rate
                                      and --duration; at most 5,000,000 events), so only sending is measured
              --retry-for SECONDS     send a batch again, unchanged, while its outcome is open (no answer,
                                      409, 429, 5xx, events IN_FLIGHT), for at most this long (default 0: never)
              --outcomes FILE         write each event's outcome: A(cknowledged), R(efused) or U(nknown),
                                      customer id and event id, tab-separated
              --prime-rounds N        before the clock starts, N rounds of one refused request (empty batch,
                                      400) per connection: connections open, client code warm (default 50)
              --quiet                 no progress line
            Output: progress on stderr every second; on stdout a 'START epoch_ms=N' line when the first measured
            batch is due (after the JVM start and the priming), then a summary and one 'RESULT key=value ...' line
            (and, with --retry-for or --outcomes, a 'DELIVERY retries=N open_batches=N attempts=STATUS:N,...' line).
            """;

    private static final Set<String> FLAGS = Set.of("quiet", "help", "pregenerate");
    private static final Set<String> KNOWN = Set.of("url", "customers-file", "customer", "batch-size", "rate",
            "concurrency", "events", "duration", "duplicates", "models", "seed", "timeout", "quiet", "help",
            "warmup-events", "pregenerate", "retry-for", "outcomes", "prime-rounds");

    private OptionsParser() {
    }

    /** True when the arguments ask for help. */
    public static boolean wantsHelp(String[] args) {
        return List.of(args).contains("--help") || List.of(args).contains("-h");
    }

    public static Options parse(String[] args) throws IOException {
        Map<String, String> single = new HashMap<>();
        List<Customer> customers = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (!KNOWN.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name);
            }
            if (FLAGS.contains(name)) {
                single.put(name, "true");
                continue;
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--" + name + " needs a value");
                }
                value = args[++i];
            }
            if (name.equals("customer")) {
                customers.add(CustomerList.parseArg(value));
            } else if (name.equals("customers-file")) {
                customers.addAll(CustomerList.read(Path.of(value)));
            } else {
                single.put(name, value);
            }
        }
        double rate = Double.parseDouble(single.getOrDefault("rate", "0"));
        Duration duration = single.containsKey("duration")
                ? Duration.ofMillis(Math.round(Double.parseDouble(single.get("duration")) * 1000)) : null;
        long events = Long.parseLong(single.getOrDefault("events", duration == null ? "100000" : "0"));
        return new Options(
                URI.create(single.getOrDefault("url", "http://127.0.0.1:8080")),
                customers,
                Integer.parseInt(single.getOrDefault("batch-size", "1000")),
                rate,
                Integer.parseInt(single.getOrDefault("concurrency", rate > 0 ? "64" : "4")),
                events,
                duration,
                Double.parseDouble(single.getOrDefault("duplicates", "0.01")),
                single.containsKey("models") ? ModelSpec.parseList(single.get("models")) : ModelSpec.DEFAULTS,
                Long.parseLong(single.getOrDefault("seed", Long.toString(System.nanoTime()))),
                Duration.ofMillis(Math.round(Double.parseDouble(single.getOrDefault("timeout", "30")) * 1000)),
                !single.containsKey("quiet"),
                Long.parseLong(single.getOrDefault("warmup-events", "0")),
                single.containsKey("pregenerate"),
                Duration.ofMillis(Math.round(Double.parseDouble(single.getOrDefault("retry-for", "0")) * 1000)),
                single.containsKey("outcomes") ? Path.of(single.get("outcomes")) : null,
                Integer.parseInt(single.getOrDefault("prime-rounds", "50")));
    }
}
