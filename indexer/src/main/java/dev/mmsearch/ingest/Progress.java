package dev.mmsearch.ingest;

/** Receives job progress; the CLI draws a bar, tests ignore it. Called from several threads. */
public interface Progress extends AutoCloseable {

  Progress NONE = new Progress() {
    @Override
    public void start(long total) {}

    @Override
    public void step(int failed) {}

    @Override
    public void close() {}
  };

  void start(long total);

  /** One more item finished (indexed, skipped or failed); {@code failed} is the running error count. */
  void step(int failed);

  @Override
  void close();
}
