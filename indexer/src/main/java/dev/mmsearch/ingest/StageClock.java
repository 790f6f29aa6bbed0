package dev.mmsearch.ingest;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Thread-seconds spent per stage of an indexing run ({@link JobSummary#stages()}), added to from
 * the listing, decode and writer threads at once.
 */
final class StageClock {

  static final List<String> STAGES = List.of("list", "read", "decode", "ocr", "encode", "write", "commit", "calibrate");

  private final Map<String, LongAdder> nanos = new LinkedHashMap<>();

  StageClock() {
    STAGES.forEach(stage -> nanos.put(stage, new LongAdder()));
  }

  /** Adds the time since {@code startNanos} ({@link System#nanoTime}) to {@code stage}. */
  void since(String stage, long startNanos) {
    add(stage, System.nanoTime() - startNanos);
  }

  void add(String stage, long elapsedNanos) {
    LongAdder adder = nanos.get(stage);
    if (adder == null) {
      throw new IllegalArgumentException("unknown stage " + stage + " (known: " + STAGES + ")");
    }
    adder.add(elapsedNanos);
  }

  /** Runs {@code work}, counting its time to {@code stage} even when it throws. */
  void timed(String stage, Runnable work) {
    long t0 = System.nanoTime();
    try {
      work.run();
    } finally {
      since(stage, t0);
    }
  }

  Map<String, Duration> durations() {
    Map<String, Duration> out = new LinkedHashMap<>();
    nanos.forEach((stage, adder) -> out.put(stage, Duration.ofNanos(adder.sum())));
    return out;
  }
}
