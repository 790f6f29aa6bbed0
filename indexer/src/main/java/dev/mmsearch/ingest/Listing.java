package dev.mmsearch.ingest;

import java.util.List;

/**
 * What an input holds: items to index, inputs already known to be bad, and, for directories, the
 * root whose vanished items may be deleted (null for manifests).
 */
record Listing(List<SourceItem> items, List<IngestError> errors, java.nio.file.Path deletionRoot) {}
