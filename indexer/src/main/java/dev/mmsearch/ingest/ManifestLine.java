package dev.mmsearch.ingest;

/**
 * One line of a JSONL manifest read elsewhere (a Spark partition), with its 1-based number in the
 * manifest so that errors point at it.
 */
public record ManifestLine(long number, String text) implements java.io.Serializable {}
