package dev.mmsearch.index.solr;

import dev.mmsearch.index.IndexSchema;
import dev.mmsearch.index.IndexSchemaException;
import dev.mmsearch.index.ItemWriter;
import dev.mmsearch.index.WriterBackedIndex;
import java.time.Duration;

/**
 * An index in a SolrCloud collection: one document per item ({@link SolrDocuments}), one dense
 * vector field per space × modality (HNSW with the field's {@code m} and beam width), BM25 over item
 * text, keyword and numeric fields for filters. Solr shards and replicates it; this client only
 * speaks HTTP to it ({@link SolrHttp}), so the cluster runs its own Lucene (9.12) and mmsearch keeps
 * its own (10.6). This class owns opening; the reads are {@link SolrItemReader}'s, the writes
 * {@link SolrItemWriter}'s.
 *
 * <h2>Same answers as embedded</h2>
 * Both backends store the same {@link dev.mmsearch.index.ItemDocument} and build their queries from
 * the same pieces ({@link SolrQueries}); scores are converted back to the field's similarity the
 * same way. Fusion and explanations above the reader are shared.
 *
 * <h2>Schema and model identities</h2>
 * The {@link IndexSchema} lives in the collection's properties (ZooKeeper), under
 * {@value IndexSchema#COMMIT_KEY}, and is reconciled with the catalog on every open exactly as
 * embedded: a field never takes vectors of another model. The indexer's commit data (progress,
 * roots) is a second property, written after each Solr commit.
 *
 * <h2>Who owns the writers</h2>
 * Solr's shard leaders own the Lucene writers. Any number of processes may open this class for
 * writing; reads see committed data, and real-time gets see sent updates too.
 *
 * <p>Thread-safe.
 */
public final class SolrItemIndex extends SolrItemReader implements WriterBackedIndex {

  /** Null when opened for reading. */
  private final SolrItemWriter writer;

  private SolrItemIndex(SolrHttp http, SolrCollection collection, IndexSchema catalog, IndexSchema writerSchema) {
    super(http, collection, catalog, writerSchema != null);
    this.writer = writerSchema == null ? null
        : new SolrItemWriter(http, collection, writerSchema, () -> commitData(RetryPolicy.WRITES));
  }

  /**
   * Opens the collection for writing, creating it with {@code shards} × {@code replicas} when it
   * does not exist (and completing or replacing a half-made one: {@link SolrCollection#ensure}),
   * and adds the catalog's vector fields it lacks.
   *
   * @throws IndexSchemaException if the collection holds vectors from other models than {@code catalog}
   */
  static SolrItemIndex openForWriting(SolrHttp http, String name, int shards, int replicas, IndexSchema catalog,
      Duration createTimeout) {
    SolrCollection c = new SolrCollection(http, name);
    c.ensure(shards, replicas, createTimeout);
    IndexSchema stored = IndexSchema.fromJson(c.properties(RetryPolicy.WRITES).get(IndexSchema.COMMIT_KEY));
    IndexSchema merged = catalog.reconcile(stored);
    c.addVectorFields(merged.fields().values());
    c.addPictureTextFields();
    if (!merged.equals(stored)) {
      c.setProperty(IndexSchema.COMMIT_KEY, merged.toJson());
    }
    SolrItemIndex index = new SolrItemIndex(http, c, catalog, merged);
    index.opened(merged);
    return index;
  }

  /**
   * Opens the collection for searching; it may not exist yet (searches find nothing until it
   * does). The schema is re-read every {@code refreshInterval}, or when a query names a field the
   * last one lacked.
   *
   * @throws IndexSchemaException if the collection holds vectors from other models than {@code catalog}
   */
  static SolrItemIndex openForReading(SolrHttp http, String name, IndexSchema catalog, Duration refreshInterval) {
    SolrItemIndex index = new SolrItemIndex(http, new SolrCollection(http, name), catalog, null);
    index.schema = catalog;
    try {
      index.refresh();
    } catch (RuntimeException e) {
      index.close();
      throw e;
    }
    index.refreshEvery(refreshInterval);
    return index;
  }

  @Override
  public ItemWriter writer() {
    if (writer == null) {
      throw new IllegalStateException("collection " + collection.name() + " is open for reading only");
    }
    return writer;
  }

  @Override
  public void close() {
    super.close();
    if (writer != null) {
      writer.close();
    }
  }
}
