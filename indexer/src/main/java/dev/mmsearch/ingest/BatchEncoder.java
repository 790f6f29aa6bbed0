package dev.mmsearch.ingest;

import dev.mmsearch.catalog.Space;
import dev.mmsearch.encode.Encoder;
import dev.mmsearch.encode.EncoderInput;
import dev.mmsearch.encode.Modality;
import dev.mmsearch.encode.Role;
import dev.mmsearch.encode.SharedEncoding;
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

  /** The vectors of a batch, by item and field name, and the items an encoder failed on (reported). */
  record Encoded(Map<PreparedItem, Map<String, float[]>> vectors, Set<PreparedItem> failed) {}

  Encoded encode(List<PreparedItem> batch, ErrorReport errors) {
    Map<PreparedItem, Map<String, float[]>> vectors = new IdentityHashMap<>();
    batch.forEach(p -> vectors.put(p, new HashMap<>()));
    Set<PreparedItem> failed = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Modality modality : Modality.values()) {
      encode(modality, batch, vectors, failed, errors);
    }
    return new Encoded(vectors, failed);
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
