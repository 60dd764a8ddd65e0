package dev.remotegpu.paperspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remotegpu.core.LaunchRequest;
import dev.remotegpu.core.Machine;
import dev.remotegpu.core.MachineState;
import dev.remotegpu.core.PublicIpType;
import dev.remotegpu.core.launch.LaunchLedger;
import dev.remotegpu.core.launch.LaunchLedgers;
import dev.remotegpu.core.launch.LaunchListener;
import dev.remotegpu.core.launch.LaunchAttempt;
import dev.remotegpu.testfixtures.SimulatedClock;
import dev.remotegpu.testfixtures.paperspace.CapacityFailure;
import dev.remotegpu.testfixtures.paperspace.PaperspaceSimulator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Runs the client through a full life (launch through capacity failures, 429s, 5xx, a timed-out create,
 * stop, start, billables, a wrong key) with every log line captured, and finds the API key nowhere: not
 * in logs, not in exception messages or stack traces, not in any toString(), not in the ledger file.
 */
class ApiKeyNeverLeaksTest {
  static final String KEY = "psk-secret-3b1f9a7c2d4e";
  static final String WRONG_KEY = "psk-wrong-8e7d6c5b4a39";

  static {
    // Effective when this class is the first in the JVM to touch SLF4J; a later class still logs at info.
    System.setProperty("org.slf4j.simpleLogger.log.dev.remotegpu", "trace");
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
  }

  @TempDir
  Path dir;

  @Test
  void theApiKeyAppearsInNoLogLineExceptionMessageToStringOrFile() throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
    PrintStream oldErr = System.err;
    PrintStream oldOut = System.out;
    List<String> julLines = new ArrayList<>();
    Handler jul = new Handler() {
      @Override
      public void publish(LogRecord record) {
        julLines.add(record.getLoggerName() + " " + record.getMessage() + " " + record.getThrown());
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    };
    Logger root = Logger.getLogger("");
    Level oldLevel = root.getLevel();
    root.addHandler(jul);
    root.setLevel(Level.ALL);
    List<String> texts = new ArrayList<>();
    SimulatedClock clock = SimulatedClock.at("2026-11-28T00:00:00Z");
    System.setErr(capture);
    System.setOut(capture);
    try (PaperspaceSimulator sim = PaperspaceSimulator.builder().apiKey(KEY).clock(clock)
        .transitionDelay(Duration.ZERO).build().start()) {
      LoggerFactory.getLogger(ApiKeyNeverLeaksTest.class).info("capture started");
      Path ledgerFile = dir.resolve("ledger.txt");
      LaunchLedger ledger = LaunchLedgers.inFile(ledgerFile, clock);
      PaperspacePlatform paperspace = PaperspacePlatform.builder().apiKey(KEY).baseUrl(sim.baseUrl()).clock(clock)
          .ledger(ledger).pollInterval(Duration.ofMillis(5))
          .requestRetries(6, Duration.ofMillis(1), Duration.ofMillis(5)).adoptionSettle(Duration.ofMillis(10))
          .httpClient(new OkHttpClient.Builder().readTimeout(Duration.ofMillis(300)).build())
          .launchListener(new LaunchListener() {
            @Override
            public void attemptFailed(LaunchAttempt attempt) {
              texts.add(attempt.toString());
            }
          })
          .build();
      texts.add(paperspace.toString());
      texts.add(PaperspacePlatform.builder().apiKey(KEY).toString());

      sim.faults().noCapacity("A4000", "ny2", 2, CapacityFailure.CREATE_400);
      sim.faults().noCapacity("A4000", "ny2", 1, CapacityFailure.CREATE_EVENT_ERROR);
      Machine m = paperspace.launch(LaunchRequest.of("A4000", "ny2").runId("leak").publicIp(PublicIpType.STATIC)
          .retry(Duration.ofSeconds(20), Duration.ofMillis(1), Duration.ofMillis(5)));
      sim.faults().createCommitsThenTimesOut(1, Duration.ofMillis(600));
      Machine second = paperspace.launch(LaunchRequest.of("A5000", "ny2").runId("leak2")
          .retry(Duration.ofSeconds(20), Duration.ofMillis(1), Duration.ofMillis(5)));
      sim.faults().rateLimitNext(2);
      sim.faults().failNext(2, 500);
      texts.add(m.toString());
      texts.add(second.toString());
      Machine ready = m.awaitState(MachineState.READY, Duration.ofSeconds(5));
      texts.add(ready.stop().awaitState(MachineState.OFF, Duration.ofSeconds(5)).toString());
      paperspace.billables().forEach(b -> texts.add(b.toString()));
      texts.add(paperspace.ledger().toString());
      texts.add(paperspace.planTeardown(dev.remotegpu.core.teardown.TeardownRequest.nothing()).toString());
      collect(texts, () -> paperspace.machine("does-not-exist"));
      collect(texts, () -> paperspace.launch(LaunchRequest.of("A4000", "mars1")));
      sim.faults().failNext(6, 503); // exactly the six sends of the next read
      collect(texts, paperspace::machines);
      PaperspacePlatform wrong = PaperspacePlatform.builder().apiKey(WRONG_KEY).baseUrl(sim.baseUrl())
          .ledger(LaunchLedgers.inMemory()).requestRetries(1, Duration.ofMillis(1), Duration.ofMillis(1)).build();
      texts.add(wrong.toString());
      collect(texts, wrong::machines);
      collect(texts, () -> wrong.launch(LaunchRequest.of("A4000", "ny2")));
      sim.requests().forEach(r -> texts.add(r.toString()));
      texts.add(Files.readString(ledgerFile));
      Thread.sleep(700); // let the held create response finish so its server-side logging lands in the capture
    } finally {
      System.setErr(oldErr);
      System.setOut(oldOut);
      root.removeHandler(jul);
      root.setLevel(oldLevel);
    }
    String logs = captured.toString(StandardCharsets.UTF_8);

    assertThat(logs).contains("capture started").contains("GET /machines failed (attempt 1 of 6)");
    assertThat(texts).hasSizeGreaterThan(10);
    assertThat(texts).anyMatch(t -> t.contains("AuthenticationException") || t.contains("401"));
    for (String secret : List.of(KEY, WRONG_KEY)) {
      assertThat(logs).doesNotContain(secret);
      assertThat(julLines).noneMatch(l -> l.contains(secret));
      assertThat(texts).noneMatch(t -> t.contains(secret));
    }
  }

  /** Runs {@code call}; records the message, toString and stack trace of what it throws. */
  private static void collect(List<String> texts, Runnable call) {
    try {
      call.run();
      texts.add("no exception");
    } catch (RuntimeException e) {
      texts.add(e.toString());
      texts.add(String.valueOf(e.getMessage()));
      java.io.StringWriter trace = new java.io.StringWriter();
      e.printStackTrace(new java.io.PrintWriter(trace));
      texts.add(trace.toString());
    }
  }

}
