package dev.mmsearch.encode;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Query embeddings already computed, so a repeated query is not encoded again: search boxes
 * repeat queries (the same words typed twice, a page's "more like this picture" asked by several
 * users, a filter changed on the same query), and the encoder is the largest cost of a text query
 * and of a picture query. Keyed by the model's identity (its name and the hash of its files), the
 * role and the content — the text itself, or the SHA-256 of an upload's bytes — so a model
 * replaced on disk never answers from another model's vectors, and two uploads of the same file
 * share an entry whatever their names.
 *
 * <p>Bounded by construction: at most {@code maxBytes} of vectors and keys, least recently and
 * least frequently used entries evicted first (Caffeine's W-TinyLFU), on the thread that writes,
 * so the bound holds when {@link #encode} returns, however busy the machine. Thread-safe; vectors are
 * copied in and out, so no caller sees another's array.
 */
public final class EmbeddingCache {

  /** No caching: every query is encoded. */
  public static final EmbeddingCache NONE = new EmbeddingCache(0);

  /** Bytes an entry costs besides its vector and content: key record, map node, array header. */
  private static final int ENTRY_OVERHEAD = 160;

  private record Key(ModelIdentity model, Role role, String content) {}

  private final Cache<Key, float[]> cache;
  private final long maxBytes;

  /** @param maxBytes most bytes of vectors and keys kept; 0 keeps nothing */
  public EmbeddingCache(long maxBytes) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes must be >= 0, got: " + maxBytes);
    }
    this.maxBytes = maxBytes;
    this.cache = maxBytes == 0 ? null : Caffeine.newBuilder()
        .maximumWeight(maxBytes)
        .weigher((Key k, float[] v) -> ENTRY_OVERHEAD + 4 * v.length + 2 * k.content().length())
        .recordStats()
        // Evict on the writing thread, not later on the common pool: a busy machine must not let
        // the cache run past its bound while the pool waits for a core (CI saw 158 entries in a
        // 20-entry budget on a loaded machine).
        .executor(Runnable::run)
        .build();
  }

  /** The content key of a text query: the text itself. */
  public static String ofText(String text) {
    return "text:" + text;
  }

  /** The content key of uploaded bytes: their SHA-256. */
  public static String ofBytes(byte[] bytes) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /**
   * Each encoder's vector of one input whose content is {@code content}: those cached are looked
   * up, the others encoded together ({@link SharedEncoding}: one pass per backbone) and kept.
   *
   * @param content the input's content key ({@link #ofText}, {@link #ofBytes}); null encodes without caching
   */
  public Map<Encoder, float[]> encode(Collection<Encoder> encoders, EncoderInput input, String content, Role role) {
    return encode(encoders, () -> input, content, role);
  }

  /**
   * As {@link #encode(Collection, EncoderInput, String, Role)}, the input asked for only when some
   * encoder's vector is not cached: an upload seen before is not even decoded.
   */
  public Map<Encoder, float[]> encode(Collection<Encoder> encoders, Supplier<EncoderInput> input, String content, Role role) {
    Map<Encoder, float[]> out = new IdentityHashMap<>();
    List<Encoder> missing = new ArrayList<>();
    for (Encoder e : encoders) {
      float[] hit = cache == null || content == null ? null : cache.getIfPresent(new Key(e.identity(), role, content));
      if (hit != null) {
        out.put(e, hit.clone());
      } else {
        missing.add(e);
      }
    }
    if (!missing.isEmpty()) {
      List<EncoderInput> one = List.of(input.get());
      Map<Encoder, List<EncoderInput>> work = new LinkedHashMap<>();
      missing.forEach(e -> work.put(e, one));
      Map<Encoder, List<float[]>> encoded = SharedEncoding.encode(work, role);
      for (Encoder e : missing) {
        float[] v = encoded.get(e).getFirst();
        out.put(e, v);
        if (cache != null && content != null) {
          cache.put(new Key(e.identity(), role, content), v.clone());
        }
      }
    }
    return out;
  }

  /** Lookups answered from the cache. */
  public long hits() {
    return cache == null ? 0 : cache.stats().hitCount();
  }

  /** Lookups that had to encode. */
  public long misses() {
    return cache == null ? 0 : cache.stats().missCount();
  }

  /** Entries kept now (as the cache counts them; eviction has run by the time a write returns). */
  public long entries() {
    return cache == null ? 0 : cache.estimatedSize();
  }

  /** The bound in bytes. */
  public long maxBytes() {
    return maxBytes;
  }
}
