package dev.mmsearch.query;

import dev.mmsearch.catalog.Space;
import dev.mmsearch.catalog.Spaces;
import dev.mmsearch.encode.Modality;
import dev.mmsearch.index.VectorFieldSpec;
import dev.mmsearch.media.Medium;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Item parts ("more like this"): JSON {@code {"type": "item", "id": ...}}; not in flat forms (the
 * API's {@code /api/similar} takes one). The item's stored vectors are the query, so nothing is
 * encoded and any index answers; the item itself is left out of the results.
 */
final class ItemPart implements PartKind<QueryPart.ItemRef>, PartType {

  @Override
  public String name() {
    return "item";
  }

  @Override
  public Class<QueryPart.ItemRef> partClass() {
    return QueryPart.ItemRef.class;
  }

  @Override
  public List<PartType> types(List<Medium> media) {
    return List.of(this);
  }

  @Override
  public List<String> keys() {
    return List.of("id");
  }

  @Override
  public QueryPart parse(PartInput in) {
    return new QueryPart.ItemRef(in.string("id"), in.weight());
  }

  @Override
  public boolean answerable(Spaces spaces) {
    return true;
  }

  /**
   * Each stored vector of the item, in every field of its space; not its name's (a weak caption,
   * not what "like this" means) nor its picture text's (a few words of it, searched as text would be).
   */
  @Override
  public void lists(QueryPart.ItemRef ref, ListPlan plan) {
    String id = ref.id();
    if (plan.index().get(id).isEmpty()) {
      throw new NoSuchElementException("no item with id '" + id + "'");
    }
    for (Space space : plan.spaces().all()) {
      for (VectorFieldSpec f : space.fields()) {
        if (f.modality() == Modality.NAME || f.modality() == Modality.OCR) {
          continue;
        }
        Optional<float[]> v = plan.schema().fields().containsKey(f.name()) ? plan.index().vector(id, f.name()) : Optional.empty();
        v.ifPresent(vector -> plan.fieldsOf(space, f.modality(), vector));
      }
    }
    plan.exclude(id);
  }
}
