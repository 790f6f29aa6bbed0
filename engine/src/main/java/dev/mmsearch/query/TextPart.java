package dev.mmsearch.query;

import dev.mmsearch.catalog.Spaces;
import dev.mmsearch.encode.EmbeddingCache;
import dev.mmsearch.encode.EncoderInput;
import dev.mmsearch.encode.Modality;
import dev.mmsearch.index.Hit;
import dev.mmsearch.media.Medium;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Text parts: JSON {@code {"type": "text", "text": ...}}, form and GET {@code text} (GET also
 * {@code q}) with {@code textWeight}. Embedded by every space with a text encoder and matched by
 * BM25, so always answerable; where the catalog reads pictures, also matched against the text
 * read in them, by words and by sub-strings.
 */
final class TextPart implements PartKind<QueryPart.Text>, PartType {

  @Override
  public String name() {
    return Modality.TEXT.id();
  }

  @Override
  public Class<QueryPart.Text> partClass() {
    return QueryPart.Text.class;
  }

  @Override
  public List<PartType> types(List<Medium> media) {
    return List.of(this);
  }

  @Override
  public List<String> keys() {
    return List.of("text");
  }

  @Override
  public QueryPart parse(PartInput in) {
    return new QueryPart.Text(in.string("text"), in.weight());
  }

  @Override
  public boolean answerable(Spaces spaces) {
    return true;
  }

  @Override
  public Set<String> formFields() {
    return Set.of("text", PartType.weightField("text"));
  }

  @Override
  public Set<String> queryFields() {
    return Set.of("text", PartType.weightField("text"), "q");
  }

  @Override
  public Optional<QueryPart> fromForm(UnaryOperator<String> value) {
    String text = value.apply("text") != null ? value.apply("text") : value.apply("q");
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(new QueryPart.Text(text, PartTypes.weight(value, PartType.weightField("text"))));
  }

  @Override
  public void lists(QueryPart.Text t, ListPlan plan) {
    EncoderInput text = new EncoderInput.Text(t.text());
    plan.embed(Modality.TEXT, () -> text, EmbeddingCache.ofText(t.text()));
    plan.bm25(t.text());
    plan.pictureText(t.text());
  }

  @Override
  public Set<String> ownSpaces() {
    return Set.of(RankedList.BM25, RankedList.SUBSTRING);
  }

  @Override
  public Set<String> ownFields() {
    return Set.of(Hit.TEXT, Hit.OCR, Hit.OCR_SUBSTRING);
  }
}
