package io.meterline.loadgen;

import io.meterline.loadgen.config.Options;
import io.meterline.loadgen.config.OptionsParser;
import io.meterline.loadgen.hostile.HostileOptions;
import io.meterline.loadgen.hostile.HostileRun;
import io.meterline.loadgen.ops.OpsOptions;
import io.meterline.loadgen.ops.OpsRun;
import io.meterline.loadgen.report.Summary;
import io.meterline.loadgen.reserve.ReservationOptions;
import io.meterline.loadgen.reserve.ReservationRun;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * Entry point of scripts/loadgen. A command-line tool: its output on stdout (summary + RESULT line) and
 * stderr (progress) is its interface, so it prints instead of logging.
 * Exit status: 0 when every batch got an answer from the API (200, 202 or 422), 1 otherwise, 2 for bad arguments.
 */
public final class LoadGenerator {

    private LoadGenerator() {
    }

    public static void main(String[] args) throws InterruptedException {
        PrintStream out = System.out;
        PrintStream err = System.err;
        if (List.of(args).contains("--credit-ops")) {
            creditOps(args, out, err);
            return;
        }
        if (List.of(args).contains("--hostile")) {
            hostile(args, out, err);
            return;
        }
        if (List.of(args).contains("--reservations")) {
            reservations(args, out, err);
            return;
        }
        if (OptionsParser.wantsHelp(args)) {
            out.print(OptionsParser.USAGE);
            return;
        }
        Options options;
        try {
            options = OptionsParser.parse(args);
        } catch (IllegalArgumentException | IOException e) {
            err.println("loadgen: " + e.getMessage());
            err.print(OptionsParser.USAGE);
            System.exit(2);
            return;
        }
        err.printf("[loadgen] %s to %s, %d customers, batches of %d, %s%n",
                options.fixedRate() ? "fixed rate " + (long) options.rate() + " events/s" : "as fast as possible",
                options.url(), options.customers().size(), options.batchSize(),
                options.events() > 0 ? options.events() + " events" : options.duration().toSeconds() + " s");
        if (options.warmupEvents() > 0) {
            err.printf("[loadgen] warm-up: %d events, not measured%n", options.warmupEvents());
            new LoadRun(options.warmup(), err).run();
        }
        // the START line lets a caller (scripts/chaos.sh) time its faults from the load itself, not from the
        // process start (JVM start and priming took 22-30 s on a busy machine)
        LoadRun run = new LoadRun(options, err, startEpochMs -> {
            out.println("START epoch_ms=" + startEpochMs);
            out.flush();
        });
        Summary summary = run.run();
        out.print(summary.toText());
        out.println(summary.toResultLine());
        if (!options.retryFor().isZero() || options.outcomes() != null) {
            out.println(run.deliveryLine());
        }
        out.flush();
        System.exit(summary.counts().failed() == 0 ? 0 : 1);
    }

    /** {@code --credit-ops}: charges, refunds, grants, reservations, webhook tests beside a chaos scenario. */
    private static void creditOps(String[] args, PrintStream out, PrintStream err) {
        if (OptionsParser.wantsHelp(args)) {
            out.print(OpsOptions.USAGE);
            return;
        }
        try {
            OpsOptions options = OpsOptions.parse(args, System.getenv("METERLINE_ADMIN_TOKEN"));
            err.printf("[loadgen] credit operations: %.0f/s for %d s to %s, %d customers%n", options.rate(),
                    options.duration().toSeconds(), options.url(), options.customers().size());
            out.print(OpsRun.main(options));
            out.flush();
        } catch (IllegalArgumentException | IOException e) {
            err.println("loadgen: " + e.getMessage());
            err.print(OpsOptions.USAGE);
            System.exit(2);
        }
    }

    /** {@code --hostile}: the end-to-end run of scripts/e2e.sh ({@link HostileRun}). */
    private static void hostile(String[] args, PrintStream out, PrintStream err) {
        if (OptionsParser.wantsHelp(args)) {
            out.print(HostileOptions.USAGE);
            return;
        }
        HostileOptions options;
        try {
            options = HostileOptions.parse(args, System.getenv("METERLINE_ADMIN_TOKEN"));
        } catch (IllegalArgumentException e) {
            err.println("loadgen: " + e.getMessage());
            err.print(HostileOptions.USAGE);
            System.exit(2);
            return;
        }
        HostileRun run = new HostileRun(options, err);
        try {
            out.println(run.run());
        } catch (IllegalStateException e) { // an admin call of the set-up or the checks answered unexpectedly
            err.println("loadgen: " + e.getMessage());
            System.exit(1);
        }
        out.flush();
        System.exit(run.failed() ? 1 : 0);
    }

    /** {@code --reservations}: the reservation path at a fixed rate ({@link ReservationRun}). */
    private static void reservations(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
        if (OptionsParser.wantsHelp(args)) {
            out.print(ReservationOptions.USAGE);
            return;
        }
        ReservationOptions options;
        try {
            options = ReservationOptions.parse(args);
        } catch (IllegalArgumentException | IOException e) {
            err.println("loadgen: " + e.getMessage());
            err.print(ReservationOptions.USAGE);
            System.exit(2);
            return;
        }
        err.printf("[loadgen] reservations: %.0f holds/s for %d s to %s, %d customers%n", options.rate(),
                options.duration().toSeconds(), options.url(), options.customers().size());
        String summary = new ReservationRun(options, err).run();
        out.println(summary);
        out.flush();
        System.exit(summary.contains(" failed=0 ") ? 0 : 1);
    }
}
