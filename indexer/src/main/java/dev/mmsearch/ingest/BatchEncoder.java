package dev.mmsearch.ingest;

import dev.mmsearch.catalog.Space;
import dev.mmsearch.encode.Encoder;
import dev.mmsearch.encode.EncoderInput;
import dev.mmsearch.encode.Modality;
import dev.mmsearch.encode.Role;
import dev.mmsearch.encode.SharedEncoding;
import dev.mmsearch.encode.TimelineEncoding;
import dev.mmsearch.index.Moment;
import dev.mmsearch.index.VectorFieldSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Encodes a batch of prepared items in every active space, one forward pass per backbone and
 * modality ({@link SharedEncoding}). A batch that fails in an encoder is retried item by item, so
 * one bad input costs only itself. Used by the writer thread only.
 */
final class BatchEncoder {

  private final List<Space> active;

  BatchEncoder(List<Space> active) {
    this.active = active;
  }

  /**
   * The vectors of a batch, by item and field name, the moments of its videos, and the items an
   * encoder failed on (reported).
   */
  record Encoded(Map<PreparedItem, Map<String, float[]>> vectors, Map<PreparedItem, List<Moment>> moments,
      Set<PreparedItem> failed) {}

  Encoded encode(List<PreparedItem> batch, ErrorReport errors) {
    Map<PreparedItem, Map<String, float[]>> vectors = new IdentityHashMap<>();
    Map<PreparedItem, List<Moment>> moments = new IdentityHashMap<>();
    batch.forEach(p -> vectors.put(p, new HashMap<>()));
    Set<PreparedItem> failed = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Modality modality : Modality.values()) {
      encode(modality, batch, vectors, failed, errors);
    }
    for (PreparedItem p : batch) {
      if (p.timeline() != null && !failed.contains(p)) {
        try {
          moments.put(p, encodeTimeline(p.item(), p.timeline(), vectors.get(p)));
        } catch (RuntimeException e) {
          failed.add(p);
          errors.add(new IngestError(ItemPolicy.sourceOf(p.item()), "encode", "ENCODER_FAILED", "video: " + e.getMessage()));
        }
      }
    }
    return new Encoded(vectors, moments, failed);
  }

  /**
   * A video's moments with their vectors, each moment's field holding the mean of its frames (or
   * its sound's vector); the video's own vector in each field (the moments' mean) goes to
   * {@code vectors}, unless the item has a picture or sound of its own: that gives its fields.
   */
  private List<Moment> encodeTimeline(SourceItem item, PreparedItem.PreparedTimeline timeline, Map<String, float[]> vectors) {
    TimelineEncoding.Vectors v = TimelineEncoding.encode(timeline.prepared(), Role.DOCUMENT);
    Map<Encoder, String> fields = new IdentityHashMap<>();
    for (Space space : active) {
      for (Modality m : Modality.values()) {
        Encoder e = space.encoder(m);
        if (e != null && e.modality() == m) { // the text encoder once, as text: not as names or picture text
          fields.put(e, VectorFieldSpec.fieldName(space.name(), m));
        }
      }
    }
    v.whole().forEach((e, vector) -> {
      String field = fields.get(e);
      if (field != null && !item.has(e.modality())) {
        vectors.put(field, vector);
      }
    });
    List<PreparedItem.MomentTimes> times = timeline.moments();
    List<Moment> out = new ArrayList<>(times.size());
    for (int i = 0; i < times.size(); i++) {
      Map<String, float[]> momentVectors = new HashMap<>();
      for (Map.Entry<Encoder, List<float[]>> e : v.moments().entrySet()) {
        float[] vector = e.getValue().get(i);
        String field = fields.get(e.getKey());
        if (vector != null && field != null) {
          momentVectors.put(field, vector);
        }
      }
      PreparedItem.MomentTimes t = times.get(i);
      out.add(new Moment(t.start(), t.end(), momentVectors, t.preview()));
    }
    return out;
  }

  /** Encodes one modality of a batch for every active space that reads it. */
  private void encode(Modality modality, List<PreparedItem> batch, Map<PreparedItem, Map<String, float[]>> vectors,
      Set<PreparedItem> failed, ErrorReport errors) {
    Map<Encoder, String> encoders = new LinkedHashMap<>();
    for (Space space : active) {
      Encoder e = space.encoder(modality);
      if (e != null) {
        encoders.put(e, VectorFieldSpec.fieldName(space.name(), modality));
      }
    }
    // Items needing the same encoders run together: usually all of them; an item that only
    // lacks a new field needs just that field's encoder.
    Map<Set<Encoder>, List<PreparedItem>> byEncoders = new LinkedHashMap<>();
    for (PreparedItem p : batch) {
      Map<Encoder, EncoderInput> inputs = p.inputs().get(modality);
      if (!failed.contains(p) && inputs != null && !inputs.isEmpty()) {
        byEncoders.computeIfAbsent(Set.copyOf(inputs.keySet()), k -> new ArrayList<>()).add(p);
      }
    }
    for (Map.Entry<Set<Encoder>, List<PreparedItem>> group : byEncoders.entrySet()) {
      Map<Encoder, String> wanted = new LinkedHashMap<>(encoders);
      wanted.keySet().retainAll(group.getKey());
      List<PreparedItem> members = group.getValue();
      if (wanted.isEmpty()) {
        continue;
      }
      try {
        store(modality, wanted, members, vectors);
      } catch (RuntimeException batchFailure) {
        for (PreparedItem p : members) {
          try {
            store(modality, wanted, List.of(p), vectors);
          } catch (RuntimeException e) {
            failed.add(p);
            errors.add(new IngestError(ItemPolicy.sourceOf(p.item()), "encode", "ENCODER_FAILED",
                modality.id() + ": " + e.getMessage()));
          }
        }
      }
    }
  }

  private static void store(Modality modality, Map<Encoder, String> encoders, List<PreparedItem> members,
      Map<PreparedItem, Map<String, float[]>> vectors) {
    Map<Encoder, List<EncoderInput>> work = new LinkedHashMap<>();
    for (Encoder e : encoders.keySet()) {
      List<EncoderInput> in = new ArrayList<>(members.size());
      for (PreparedItem p : members) {
        in.add(p.inputs().get(modality).get(e));
      }
      work.put(e, in);
    }
    Map<Encoder, List<float[]>> out = SharedEncoding.encode(work, Role.DOCUMENT);
    for (Map.Entry<Encoder, String> e : encoders.entrySet()) {
      List<float[]> v = out.get(e.getKey());
      for (int i = 0; i < members.size(); i++) {
        vectors.get(members.get(i)).put(e.getValue(), v.get(i));
      }
    }
  }
}
