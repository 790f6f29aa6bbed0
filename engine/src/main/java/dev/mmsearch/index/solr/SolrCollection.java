package dev.mmsearch.index.solr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mmsearch.index.IndexSchema;
import dev.mmsearch.index.ItemDocument;
import dev.mmsearch.index.VectorFieldSpec;
import dev.mmsearch.encode.Similarity;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A collection's administration: create it with mmsearch's configset, add vector fields through
 * the schema API, read and write collection properties (kept in ZooKeeper, where mmsearch keeps
 * the index schema and the indexer's commit data), wait until every replica is active.
 */
final class SolrCollection {

  private static final System.Logger LOG = System.getLogger(SolrCollection.class.getName());

  /** The files of the configset uploaded for each collection (resources beside this class). */
  private static final List<String> CONFIGSET = List.of("solrconfig.xml", "managed-schema.xml");

  private final SolrHttp http;
  private final String name;
  private final Duration firstCreateBackoff;

  SolrCollection(SolrHttp http, String name) {
    this(http, name, FIRST_CREATE_BACKOFF);
  }

  /** @param firstCreateBackoff the wait before the second creation (doubling for each later one) */
  SolrCollection(SolrHttp http, String name, Duration firstCreateBackoff) {
    this.firstCreateBackoff = firstCreateBackoff;
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
      throw new IllegalArgumentException("a Solr collection name is letters, digits, '.', '_' or '-', got: " + name);
    }
    this.http = http;
    this.name = name;
  }

  String name() {
    return name;
  }

  /** The collection's entry in the cluster state, or a missing node when there is none. */
  JsonNode state() {
    SolrHttp.Answer a = http.post("/admin/collections", new SolrParams().add("action", "CLUSTERSTATUS")
        .add("collection", name), RetryPolicy.READS);
    if (a.status() == 400 || a.status() == 404) {
      return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
    return SolrHttp.ok(a, "cluster status of " + name).path("cluster").path("collections").path(name);
  }

  boolean exists() {
    return !state().isMissingNode();
  }

  /** How many times a creation that a busy cluster failed half-way is tried, in all. */
  static final int CREATE_ATTEMPTS = 4;
  /** The wait before the second creation; it doubles for each later one. */
  static final Duration FIRST_CREATE_BACKOFF = Duration.ofSeconds(1);

  /**
   * Makes sure a writer finds the collection whole: creates it when it does not exist
   * ({@link #create}), and completes or replaces one that is half-made.
   *
   * <p>Half-made means: mmsearch made it (its configset is the one {@link #create} names after
   * the collection), no writer has finished opening it (it has no {@value IndexSchema#COMMIT_KEY}
   * property, which a writer sets right after creating it, so it holds nothing a writer put there)
   * and it is not active within {@code timeout} — what a creation that failed half-way, or a
   * process that died during one, leaves behind. Its shards' missing replicas are added
   * ({@code ADDREPLICA}); if it is still not active, it is deleted and created again. Any other
   * collection is taken as it is, degraded or not: a node that is down must not stop the indexer,
   * and a collection an operator made, or one that holds items, is never changed or deleted.
   *
   * <p>The first wait also covers another process creating the same collection at this moment:
   * its creation finishes within the timeout, and nothing is added or deleted.
   */
  void ensure(int shards, int replicas, Duration timeout) {
    JsonNode state = state();
    if (state.isMissingNode()) {
      create(shards, replicas, timeout);
      return;
    }
    boolean ours = name.equals(state.path("configName").asText());
    if (!ours || properties().containsKey(IndexSchema.COMMIT_KEY) || awaitActive(timeout) == null) {
      return;
    }
    int added = addMissingReplicas(state(), replicas);
    String left = awaitActive(timeout);
    if (left == null) {
      LOG.log(System.Logger.Level.WARNING, "collection " + name + " was half-made: added its " + added + " missing replicas");
      return;
    }
    LOG.log(System.Logger.Level.WARNING, "collection " + name + " was half-made and did not become active (" + left
        + "): deleting it and creating it again");
    deleteHalfMade();
    create(shards, replicas, timeout);
  }

  /**
   * Uploads the configset (named after the collection, so the fields the schema API adds stay
   * this collection's) and creates the collection with {@code shards} × {@code replicas} cores.
   * A collection that another process created meanwhile is accepted as it is.
   *
   * <p>A loaded cluster may fail to make one of the cores ("Underlying core creation failed"),
   * which leaves a half-made collection behind that would never become active. That answer is
   * not final: the half-made collection is deleted and the creation tried again, up to
   * {@value #CREATE_ATTEMPTS} times within {@code timeout}, waiting 1, 2, 4 s between tries (by
   * default); a
   * collection that was made but does not become active within {@code timeout} counts as
   * half-made too. A last failure deletes what it left and says so.
   */
  void create(int shards, int replicas, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    SolrHttp.Answer up = http.send("/admin/configs?action=UPLOAD&overwrite=true&name=" + encode(name), configsetZip(),
        "application/octet-stream", RetryPolicy.WRITES);
    SolrHttp.ok(up, "uploading the configset of " + name);
    Duration wait = firstCreateBackoff;
    for (int attempt = 1; ; attempt++) {
      SolrHttp.Answer created = http.post("/admin/collections", new SolrParams().add("action", "CREATE").add("name", name)
          .add("numShards", shards).add("replicationFactor", replicas).add("collection.configName", name)
          .add("waitForFinalState", "true"), RetryPolicy.WRITES);
      Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
      if (!created.ok() && !coreCreationFailed(created)) {
        if (!exists()) {
          SolrHttp.ok(created, "creating collection " + name);
        }
        // Another process created it meanwhile: wait for it, and never delete what is not ours.
        String inactive = awaitActive(left);
        if (inactive != null) {
          throw new SolrException(0, "collection " + name + " was created by another client meanwhile and did not become"
              + " active within " + timeout.toSeconds() + " s (" + inactive + "); opening it again completes or replaces it"
              + " if it is half-made", null);
        }
        return;
      }
      String problem = created.ok() ? awaitActive(left) : SolrHttp.message(created.body());
      if (problem == null) {
        return;
      }
      deleteHalfMade();
      if (attempt == CREATE_ATTEMPTS || System.nanoTime() + wait.toNanos() >= deadline) {
        throw new SolrException(created.ok() ? 0 : created.status(), "creating collection " + name + " failed " + attempt
            + " times within " + timeout.toSeconds() + " s, the cluster could not make its cores (the half-made collection"
            + " was deleted); last: " + problem, null);
      }
      LOG.log(System.Logger.Level.WARNING, "creating collection " + name + ": " + problem
          + "; deleted what was made, trying again in " + wait.toMillis() + " ms");
      sleep(wait);
      wait = wait.multipliedBy(2);
    }
  }

  /** Whether a failed creation is the cluster failing to make a core, not a refusal of the request. */
  private static boolean coreCreationFailed(SolrHttp.Answer answer) {
    return !answer.ok() && SolrHttp.message(answer.body()).contains("Underlying core creation failed");
  }

  /**
   * Adds replicas to each shard of {@code state} that has fewer than {@code replicas} (in any
   * state); returns how many were added.
   */
  private int addMissingReplicas(JsonNode state, int replicas) {
    int added = 0;
    for (var shard : (Iterable<Map.Entry<String, JsonNode>>) () -> state.path("shards").fields()) {
      for (int have = shard.getValue().path("replicas").size(); have < replicas; have++) {
        SolrHttp.ok(http.post("/admin/collections", new SolrParams().add("action", "ADDREPLICA").add("collection", name)
            .add("shard", shard.getKey()).add("waitForFinalState", "true"), RetryPolicy.WRITES),
            "adding a replica to shard " + shard.getKey() + " of the half-made collection " + name);
        added++;
      }
    }
    return added;
  }

  /** Deletes what a failed creation left (nothing when it left nothing). */
  private void deleteHalfMade() {
    SolrHttp.Answer deleted = http.post("/admin/collections", new SolrParams().add("action", "DELETE").add("name", name),
        RetryPolicy.WRITES);
    if (!deleted.ok() && exists()) {
      SolrHttp.ok(deleted, "deleting the half-made collection " + name);
    }
  }

  /** Waits until every replica of every shard is active on a live node. */
  void waitForActive(Duration timeout) {
    String left = awaitActive(timeout);
    if (left != null) {
      throw new SolrException(0, "collection " + name + " did not become active within " + timeout.toSeconds() + " s: " + left,
          null);
    }
  }

  /**
   * Waits until the collection has replicas and every one is active; null when it is, else what
   * was not when {@code timeout} ran out.
   */
  private String awaitActive(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      JsonNode c = state();
      String left;
      if (c.isMissingNode()) {
        left = "the collection does not exist";
      } else {
        int inactive = 0;
        int replicas = 0;
        int empty = 0;
        for (JsonNode shard : c.path("shards")) {
          empty += shard.path("replicas").isEmpty() ? 1 : 0;
          for (JsonNode replica : shard.path("replicas")) {
            replicas++;
            if (!"active".equals(replica.path("state").asText())) {
              inactive++;
            }
          }
        }
        if (replicas > 0 && inactive == 0 && empty == 0) {
          return null;
        }
        left = inactive + " of " + replicas + " replicas not active" + (empty > 0 ? ", " + empty + " shards without one" : "");
      }
      if (System.nanoTime() >= deadline) {
        return left;
      }
      sleep(Duration.ofMillis(250));
    }
  }

  /** Collection properties, read under {@link RetryPolicy#READS}; empty when none were set. */
  Map<String, String> properties() {
    return properties(RetryPolicy.READS);
  }

  /**
   * Collection properties, read under {@code policy}: a writer reads them as part of its writes,
   * so under {@link RetryPolicy#WRITES}, riding out what its writes ride out (a ZooKeeper
   * ensemble without quorum answers reads of them with 500 until the quorum is back).
   */
  Map<String, String> properties(RetryPolicy policy) {
    SolrHttp.Answer a = http.get("/api/cluster/zookeeper/data/collections/" + encode(name) + "/collectionprops.json",
        policy);
    Map<String, String> props = new LinkedHashMap<>();
    if (a.status() == 404) {
      return props;
    }
    SolrHttp.ok(a, "reading the properties of " + name).properties().forEach(e -> props.put(e.getKey(), e.getValue().asText()));
    return props;
  }

  /** Sets one collection property (ZooKeeper; visible to every client at once). */
  void setProperty(String key, String value) {
    SolrHttp.ok(http.post("/admin/collections", new SolrParams().add("action", "COLLECTIONPROP").add("name", name)
        .add("propertyName", key).add("propertyValue", value), RetryPolicy.WRITES), "setting property " + key + " of " + name);
  }

  /** Names of the fields (not dynamic fields) the collection's schema has. */
  Set<String> fields() {
    JsonNode body = SolrHttp.ok(http.get("/" + encode(name) + "/schema/fields", RetryPolicy.READS), "reading the fields of " + name);
    Set<String> out = new HashSet<>();
    body.path("fields").forEach(f -> out.add(f.path("name").asText()));
    return out;
  }

  /**
   * Adds a dense vector field (and its own field type) for each spec the schema lacks: the
   * dimension, similarity and HNSW parameters of the spec. Vectors are stored so that they can be
   * read back (the indexer completes items, parity checks compare them). Solr 9.10 has no
   * quantized vector type: every format is kept as float32 HNSW, searched with the same candidate
   * count as embedded (docs/scale-out.md).
   */
  void addVectorFields(Collection<VectorFieldSpec> specs) {
    Set<String> have = fields();
    var types = SolrHttp.JSON.createArrayNode();
    var fields = SolrHttp.JSON.createArrayNode();
    for (VectorFieldSpec spec : specs) {
      String field = SolrNames.vector(spec.name());
      if (have.contains(field)) {
        continue;
      }
      types.addObject().put("name", SolrNames.vectorType(spec.name())).put("class", "solr.DenseVectorField")
          .put("vectorDimension", spec.dimension())
          .put("similarityFunction", spec.similarity() == Similarity.COSINE ? "dot_product" : "maximum_inner_product")
          .put("knnAlgorithm", "hnsw").put("hnswMaxConnections", spec.m()).put("hnswBeamWidth", spec.beamWidth());
      fields.addObject().put("name", field).put("type", SolrNames.vectorType(spec.name())).put("indexed", true).put("stored", true);
    }
    if (fields.isEmpty()) {
      return;
    }
    var body = SolrHttp.JSON.createObjectNode();
    body.set("add-field-type", types);
    body.set("add-field", fields);
    changeSchema(body, "adding vector fields to " + name);
  }

  /** Sends one schema API request ({@code add-field-type}, {@code add-field}, …); {@code what} names it in errors. */
  private void changeSchema(com.fasterxml.jackson.databind.node.ObjectNode body, String what) {
    try {
      SolrHttp.ok(http.send("/" + encode(name) + "/schema", SolrHttp.JSON.writeValueAsBytes(body), "application/json",
          RetryPolicy.WRITES), what);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Adds the fields of text read in pictures ({@value ItemDocument#OCR} analysed like item text,
   * {@value ItemDocument#OCR_GRAMS} keywords) to a collection created before the configset had
   * them; nothing when it has them.
   */
  void addPictureTextFields() {
    Set<String> have = fields();
    var fields = SolrHttp.JSON.createArrayNode();
    if (!have.contains(ItemDocument.OCR)) {
      fields.addObject().put("name", ItemDocument.OCR).put("type", "text").put("indexed", true).put("stored", false);
    }
    if (!have.contains(ItemDocument.OCR_GRAMS)) {
      fields.addObject().put("name", ItemDocument.OCR_GRAMS).put("type", "strings").put("indexed", true).put("stored", false);
    }
    if (fields.isEmpty()) {
      return;
    }
    var body = SolrHttp.JSON.createObjectNode();
    body.set("add-field", fields);
    changeSchema(body, "adding the picture text fields to " + name);
  }

  /** The configset {@link #create} uploads, as a zip. */
  static byte[] configsetZip() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (String file : CONFIGSET) {
        try (InputStream in = SolrCollection.class.getResourceAsStream("configset/" + file)) {
          if (in == null) {
            throw new IllegalStateException("configset file missing from the jar: " + file);
          }
          zip.putNextEntry(new ZipEntry(file));
          in.transferTo(zip);
          zip.closeEntry();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SolrException(0, "interrupted", e);
    }
  }
}
