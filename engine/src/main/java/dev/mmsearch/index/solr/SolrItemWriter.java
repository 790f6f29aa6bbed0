package dev.mmsearch.index.solr;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mmsearch.index.IndexSchema;
import dev.mmsearch.index.Item;
import dev.mmsearch.index.ItemDocument;
import dev.mmsearch.index.ItemWriter;
import dev.mmsearch.index.NumberKeys;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The writes to a SolrCloud collection, whose shard leaders own the Lucene writers: changes are
 * buffered and sent in bulk ({@value #BULK_DOCS} documents or {@value #BULK_BYTES} bytes of JSON,
 * whichever comes first), in order; {@link #commit} sends the rest, makes it visible, and then
 * records the caller's commit data as a collection property. Updates are by id and idempotent, so
 * any number of clients may write (the Spark job opens one per partition).
 *
 * <p>Thread-safe.
 */
final class SolrItemWriter implements ItemWriter {

  private static final System.Logger LOG = System.getLogger(SolrItemWriter.class.getName());

  /** Documents per bulk update request. */
  static final int BULK_DOCS = 200;
  /** Bytes of JSON per bulk update request, whichever comes first. */
  static final int BULK_BYTES = 8 << 20;

  private final SolrHttp http;
  private final SolrCollection collection;
  private final IndexSchema schema;
  /** The commit data of the last commit, as readers see it. */
  private final Supplier<Map<String, String>> commitData;
  private final NumberKeys numberKeys = new NumberKeys();

  private final Object pendingLock = new Object();
  private final List<Change> pending = new ArrayList<>();
  private long pendingBytes;

  SolrItemWriter(SolrHttp http, SolrCollection collection, IndexSchema schema, Supplier<Map<String, String>> commitData) {
    this.http = http;
    this.collection = collection;
    this.schema = schema;
    this.commitData = commitData;
  }

  /**
   * One buffered change, serialised once: {@code op} is {@code add} or {@code delete}, {@code json}
   * its value in Solr's JSON update format.
   */
  private record Change(String id, String op, byte[] json) {}

  @Override
  public IndexSchema schema() {
    return schema;
  }

  @Override
  public Map<String, String> commitData() {
    return commitData.get();
  }

  @Override
  public void upsert(Item item) {
    numberKeys.saw(item.numbers().keySet());
    ObjectNode add = SolrHttp.JSON.createObjectNode();
    add.set("doc", SolrDocuments.of(ItemDocument.of(item, schema)));
    enqueue(new Change(item.id(), "add", json(add)));
  }

  @Override
  public void delete(String id) {
    enqueue(new Change(id, "delete", json(SolrHttp.JSON.createObjectNode().put("id", id))));
  }

  private static byte[] json(ObjectNode value) {
    try {
      return SolrHttp.JSON.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void enqueue(Change change) {
    synchronized (pendingLock) {
      pending.add(change);
      pendingBytes += change.json().length;
      if (pending.size() >= BULK_DOCS || pendingBytes >= BULK_BYTES) {
        flush();
      }
    }
  }

  /**
   * Sends the buffered updates as one request, in order: Solr's JSON update format takes repeated
   * {@code add} and {@code delete} keys in one object.
   */
  private void flush() {
    List<Change> batch;
    synchronized (pendingLock) {
      if (pending.isEmpty()) {
        return;
      }
      batch = new ArrayList<>(pending);
      pending.clear();
      pendingBytes = 0;
    }
    SolrHttp.Answer a = http.send("/" + collection.name() + "/update", updateBody(batch), "application/json", RetryPolicy.WRITES);
    if (a.ok()) {
      return;
    }
    // Solr stops a bulk request at the first document it refuses: send each change alone, so the
    // others are kept and the refused ones are named.
    List<String> refused = new ArrayList<>();
    for (Change change : batch) {
      SolrHttp.Answer one = http.send("/" + collection.name() + "/update", updateBody(List.of(change)), "application/json",
          RetryPolicy.WRITES);
      if (!one.ok()) {
        refused.add(change.id() + ": " + SolrHttp.message(one.body()));
      }
    }
    if (!refused.isEmpty()) {
      throw new SolrException(a.status(), "collection " + collection.name() + " refused " + refused.size() + " of "
          + batch.size() + " changes (the others were kept): " + String.join("; ", refused), null);
    }
  }

  private static byte[] updateBody(List<Change> changes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = SolrHttp.JSON.createGenerator(out)) {
      g.writeStartObject();
      for (Change c : changes) {
        g.writeFieldName(c.op());
        g.writeRawValue(new String(c.json(), StandardCharsets.UTF_8));
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  @Override
  public void commit(Map<String, String> userData) {
    flush();
    SolrHttp.ok(http.send("/" + collection.name() + "/update?commit=true&waitSearcher=true", "{}".getBytes(),
        "application/json", RetryPolicy.WRITES), "commit of " + collection.name());
    Map<String, String> before = commitData.get();
    Map<String, String> data = new TreeMap<>(before);
    data.putAll(userData);
    numberKeys.mergeInto(data);
    if (!data.equals(before)) {
      try {
        collection.setProperty(SolrItemReader.COMMIT_DATA_KEY, SolrHttp.JSON.writeValueAsString(data));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Merges every shard down to at most {@code maxSegments} segments, then commits. */
  @Override
  public void forceMerge(int maxSegments) {
    if (maxSegments < 1) {
      throw new IllegalArgumentException("maxSegments must be at least 1, got: " + maxSegments);
    }
    flush();
    SolrHttp.ok(http.send("/" + collection.name() + "/update?optimize=true&waitSearcher=true&maxSegments=" + maxSegments,
        "{}".getBytes(), "application/json", RetryPolicy.WRITES), "merge of " + collection.name());
    commit(Map.of());
  }

  /** Pending writes that were never committed are dropped, as an embedded writer drops them. */
  @Override
  public void close() {
    synchronized (pendingLock) {
      if (!pending.isEmpty()) {
        LOG.log(Level.DEBUG, pending.size() + " uncommitted changes to " + collection.name() + " dropped on close");
      }
      pending.clear();
    }
  }
}
