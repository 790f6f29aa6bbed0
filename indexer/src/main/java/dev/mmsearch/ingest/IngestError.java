package dev.mmsearch.ingest;

/**
 * One input that could not be indexed, as written to the JSONL error report.
 *
 * @param source the file or manifest line
 * @param stage where it failed: {@code read}, {@code decode}, {@code encode}, {@code write}
 * @param reason machine-readable cause ({@code TOO_MANY_PIXELS}, {@code BAD_MANIFEST_LINE}, …)
 * @param message what a person needs to fix it
 */
public record IngestError(String source, String stage, String reason, String message) {}
