package dev.mmsearch.query;

import dev.mmsearch.catalog.Spaces;
import dev.mmsearch.derive.LookWords;
import dev.mmsearch.index.ItemIndex;
import dev.mmsearch.index.NumberTarget;
import dev.mmsearch.media.Medium;
import dev.mmsearch.predict.MetadataFeatures;
import dev.mmsearch.predict.Predictor;
import dev.mmsearch.predict.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Metadata parts, soft wishes on numbers: JSON {@code {"type": "metadata"}} with look words
 * ({@code describe}), explicit {@code targets} or both, and an optional {@code route}; forms
 * {@code look}, {@code lookWeight}, {@code lookRoute}. Items are ranked by how close their numbers
 * lie, and/or through a predictor in a visual field; any index answers.
 */
final class MetadataPart implements PartKind<QueryPart.Metadata>, PartType {

  @Override
  public String name() {
    return RankedList.METADATA;
  }

  @Override
  public Class<QueryPart.Metadata> partClass() {
    return QueryPart.Metadata.class;
  }

  @Override
  public List<PartType> types(List<Medium> media) {
    return List.of(this);
  }

  @Override
  public List<String> keys() {
    return List.of("describe", "targets");
  }

  @Override
  public Set<String> companions() {
    return Set.of("targets", "route");
  }

  /** Look words and/or explicit targets, each target with exactly one of value, min, max. */
  @Override
  public QueryPart parse(PartInput in) {
    List<NumberTarget> targets = new ArrayList<>();
    if (in.string("describe") != null) {
      targets.addAll(LookWords.targets(in.string("describe")));
    }
    Map<String, PartInput.Target> given = in.map("targets");
    if (given != null) {
      if (given.isEmpty() || given.size() > ItemIndex.MAX_TARGETS) {
        throw new IllegalArgumentException("\"targets\" takes 1 to " + ItemIndex.MAX_TARGETS + " keys, got " + given.size());
      }
      given.forEach((key, t) -> targets.add(target(key, t)));
    }
    return new QueryPart.Metadata(targets, in.weight(), PartTypes.route(in.string("route")));
  }

  private static NumberTarget target(String key, PartInput.Target t) {
    String name = PartTypes.abbreviate(key);
    if (t == null) {
      throw new IllegalArgumentException("target of '" + name + "' is null; give {\"value\"|\"min\"|\"max\": …, \"scale\": …}");
    }
    int given = (t.value() != null ? 1 : 0) + (t.min() != null ? 1 : 0) + (t.max() != null ? 1 : 0);
    if (given != 1) {
      throw new IllegalArgumentException("target of '" + name + "' takes exactly one of \"value\", \"min\", \"max\", got " + given);
    }
    Double scale = t.scale() != null ? t.scale() : LookWords.defaultScale(key);
    if (scale == null) {
      throw new IllegalArgumentException("target of '" + name + "' needs a \"scale\" (how far off still counts as close, "
          + "in its units); keys with a default: " + LookWords.scaledKeys());
    }
    NumberTarget.Side side = t.value() != null ? NumberTarget.Side.NEAR
        : t.min() != null ? NumberTarget.Side.AT_LEAST : NumberTarget.Side.AT_MOST;
    double value = t.value() != null ? t.value() : t.min() != null ? t.min() : t.max();
    try {
      return new NumberTarget(key, value, scale, side);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("target of '" + name + "': " + e.getMessage(), e);
    }
  }

  /** The keys of {@code targets}: numeric metadata keys the index must know. */
  @Override
  public Set<String> numberKeys(PartInput in) {
    Map<String, PartInput.Target> given = in.map("targets");
    return given == null ? Set.of() : given.keySet();
  }

  @Override
  public boolean answerable(Spaces spaces) {
    return true;
  }

  @Override
  public Set<String> formFields() {
    return Set.of("look", PartType.weightField("look"), "lookRoute");
  }

  @Override
  public Optional<QueryPart> fromForm(UnaryOperator<String> value) {
    String look = value.apply("look");
    if (look == null || look.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(new QueryPart.Metadata(LookWords.targets(look), PartTypes.weight(value, PartType.weightField("look")),
        PartTypes.route(value.apply("lookRoute"))));
  }

  /** Closeness of the items' numbers, and/or an embedding predicted from the targets, by the part's route. */
  @Override
  public void lists(QueryPart.Metadata m, ListPlan plan) {
    List<Predictor> from = MetadataFeatures.covers(m.targets()) ? plan.predictors().from(Predictor.METADATA) : List.of();
    Route route = ListPlan.route(m.route(), from, "these metadata targets");
    if (route.direct()) {
      plan.closest(m.targets());
    }
    if (route.predicted()) {
      float[] features = MetadataFeatures.of(m.targets());
      from.forEach(p -> plan.predicted(p, p.predict(features)));
    }
  }

  @Override
  public Set<String> ownSpaces() {
    return Set.of(RankedList.METADATA);
  }

  @Override
  public Set<String> ownFields() {
    return Set.of(RankedList.METADATA);
  }
}
