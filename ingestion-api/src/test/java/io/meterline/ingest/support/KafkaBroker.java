package io.meterline.ingest.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Pauses and resumes the local Kafka broker process (SIGSTOP / SIGCONT) to simulate an outage; a proxy cannot,
 * because the broker advertises its own address. The pid comes from the file named by
 * {@code METERLINE_TEST_KAFKA_PID_FILE}, default {@code <repo root>/.local/kafka/kafka.pid}.
 */
public final class KafkaBroker {

    private KafkaBroker() {
    }

    /** The broker's pid, or null when no pid file is found. */
    public static String pid() throws IOException {
        String configured = System.getenv("METERLINE_TEST_KAFKA_PID_FILE");
        Path file = configured != null && !configured.isBlank() ? Paths.get(configured) : defaultPidFile();
        return file != null && Files.isRegularFile(file) ? Files.readString(file).trim() : null;
    }

    public static void pause(String pid) {
        signal("-STOP", pid);
    }

    public static void resume(String pid) {
        signal("-CONT", pid);
    }

    private static Path defaultPidFile() {
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("mvnw"))) {
                return dir.resolve(".local/kafka/kafka.pid");
            }
        }
        return null;
    }

    private static void signal(String signal, String pid) {
        try {
            int exit = new ProcessBuilder("kill", signal, pid).inheritIO().start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException("kill " + signal + " " + pid + " exited with " + exit);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
