package dev.mmsearch.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects failures of a job: logs each, counts them, and appends them to a JSONL file (one
 * {@link IngestError} per line) when a path is given. Keeps only the first {@value #KEPT} in
 * memory, so a job over a million bad lines stays flat; the file has them all. Thread-safe.
 */
public final class ErrorReport implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(ErrorReport.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();

  private final BufferedWriter out;
  /** Errors kept in memory for {@link #errors()}. */
  public static final int KEPT = 1000;

  private final List<IngestError> errors = new ArrayList<>();
  private int count;

  public ErrorReport(Path file) {
    try {
      if (file != null && file.toAbsolutePath().getParent() != null) {
        Files.createDirectories(file.toAbsolutePath().getParent());
      }
      this.out = file == null ? null : Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write error report " + file, e);
    }
  }

  public synchronized void add(IngestError e) {
    count++;
    if (errors.size() < KEPT) {
      errors.add(e);
    }
    LOG.log(Level.WARNING, "skipped " + e.source() + " [" + e.stage() + "/" + e.reason() + "]: " + e.message());
    if (out != null) {
      try {
        out.write(JSON.writeValueAsString(e));
        out.newLine();
        out.flush();
      } catch (IOException io) {
        throw new UncheckedIOException("cannot write error report", io);
      }
    }
  }

  public synchronized int count() {
    return count;
  }

  /** The first {@value #KEPT} errors. */
  public synchronized List<IngestError> errors() {
    return List.copyOf(errors);
  }

  @Override
  public synchronized void close() {
    if (out != null) {
      try {
        out.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
