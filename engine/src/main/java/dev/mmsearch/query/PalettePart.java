package dev.mmsearch.query;

import dev.mmsearch.catalog.Space;
import dev.mmsearch.catalog.Spaces;
import dev.mmsearch.derive.Palette;
import dev.mmsearch.derive.PaletteEncoder;
import dev.mmsearch.encode.Modality;
import dev.mmsearch.index.VectorFieldSpec;
import dev.mmsearch.media.Medium;
import dev.mmsearch.predict.Predictor;
import dev.mmsearch.predict.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Palette parts: JSON {@code {"type": "palette", "colours": ["#rrggbb", ...]}} with optional
 * {@code proportions} and {@code route}; forms {@code colours} (separated by commas),
 * {@code proportions}, {@code coloursWeight}, {@code coloursRoute}. Answerable where a catalog
 * space derives palettes.
 */
final class PalettePart implements PartKind<QueryPart.Colours>, PartType {

  @Override
  public String name() {
    return "palette";
  }

  @Override
  public Class<QueryPart.Colours> partClass() {
    return QueryPart.Colours.class;
  }

  @Override
  public List<PartType> types(List<Medium> media) {
    return List.of(this);
  }

  @Override
  public List<String> keys() {
    return List.of("colours");
  }

  @Override
  public Set<String> companions() {
    return Set.of("proportions", "route");
  }

  @Override
  public QueryPart parse(PartInput in) {
    return colours(in.list("colours"), in.list("proportions"), in.weight(), in.string("route"));
  }

  /** A palette part, its list sizes checked before any colour is read. */
  static QueryPart.Colours colours(List<String> colours, List<Double> proportions, double weight, String route) {
    if (colours.isEmpty() || colours.size() > QueryPart.Colours.MAX_COLOURS) {
      throw new IllegalArgumentException("\"colours\" takes 1 to " + QueryPart.Colours.MAX_COLOURS + " colours, got " + colours.size());
    }
    for (String c : colours) {
      if (c == null) {
        throw new IllegalArgumentException("\"colours\" holds colours written #rrggbb, not null");
      }
    }
    if (proportions != null && proportions.contains(null)) {
      throw new IllegalArgumentException("\"proportions\" holds positive numbers, not null");
    }
    return new QueryPart.Colours(Palette.of(colours, proportions), weight, PartTypes.route(route));
  }

  @Override
  public boolean answerable(Spaces spaces) {
    return spaces.all().stream().anyMatch(sp -> sp.encoder(Modality.IMAGE) instanceof PaletteEncoder);
  }

  @Override
  public Set<String> formFields() {
    return Set.of("colours", "proportions", PartType.weightField("colours"), "coloursRoute");
  }

  @Override
  public Optional<QueryPart> fromForm(UnaryOperator<String> value) {
    String colours = value.apply("colours");
    if (colours == null || colours.isBlank()) {
      if (value.apply("proportions") != null) {
        throw new IllegalArgumentException("\"proportions\" needs \"colours\"");
      }
      return Optional.empty();
    }
    List<String> hex = List.of(colours.strip().split("\\s*,\\s*"));
    String shares = value.apply("proportions");
    List<Double> proportions = null;
    if (shares != null && !shares.isBlank()) {
      proportions = new ArrayList<>();
      for (String share : shares.strip().split("\\s*,\\s*")) {
        proportions.add(PartTypes.number("proportions", share.strip()));
      }
    }
    return Optional.of(colours(hex, proportions, PartTypes.weight(value, PartType.weightField("colours")),
        value.apply("coloursRoute")));
  }

  /**
   * Its vector in every palette space's fields (the same encoding the pictures got at index
   * time), and/or predicted from there into visual fields, by the part's route.
   */
  @Override
  public void lists(QueryPart.Colours colours, ListPlan plan) {
    boolean any = false;
    for (Space space : plan.spaces().all()) {
      if (space.encoder(Modality.IMAGE) instanceof PaletteEncoder palette) {
        float[] vector = palette.encode(colours.palette());
        for (VectorFieldSpec f : space.fields()) {
          if (plan.schema().fields().containsKey(f.name())) {
            any = true;
            List<Predictor> from = plan.predictors().from(f.name());
            Route route = ListPlan.route(colours.route(), from, "colours");
            if (route.direct()) {
              plan.knn(space.name(), f.name(), Modality.IMAGE.id(), vector);
            }
            if (route.predicted()) {
              from.forEach(p -> plan.predicted(p, p.predict(vector)));
            }
          }
        }
      }
    }
    if (!any) {
      throw new IllegalArgumentException("no palette space in the catalog to search colours in (add \"palette\": "
          + "{\"derived\": \"palette\"} to its spaces and index again)");
    }
  }
}
