package dev.mmsearch.query;

import dev.mmsearch.encode.Modality;
import dev.mmsearch.index.Hit;
import dev.mmsearch.media.Media;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The ranked lists of one query, fused into one score per item with its explanation: what each
 * list's hits are worth is already known (calibrated evidence, {@link dev.mmsearch.calibrate.Calibration});
 * this class decides which lists count together and how ({@link Fusion}).
 *
 * <p>Per part and modality of the items scored (a <em>group</em>), it notes whether anything in
 * the group rose above chance (the group's <em>signal</em>); and from the items with evidence
 * above chance in groups with signal, which kinds of item the query's clear matches are (picture,
 * sound, text-only): the <em>prior</em> a group without signal may give an item of each kind.
 */
final class FusedLists {

  /** One ranked list, calibrated: where it comes from and what each of its hits is worth. */
  record Scored(int part, String space, String field, String group, double weight, List<Hit> hits, double[] evidence) {}

  /** One item's fused score and the contributions that make it up. */
  record Fused(double score, List<Contribution> contributions) {}

  private FusedLists() {}

  /** Every item of {@code lists}, in first-seen order, with its fused score. */
  static Map<String, Fused> fuse(List<Scored> lists, Fusion fusion) {
    Map<String, Double> groupBest = new HashMap<>();
    for (Scored l : lists) {
      for (double e : l.evidence()) {
        groupBest.merge(l.group(), e, Math::max);
      }
    }
    Map<String, Set<String>> kinds = new HashMap<>();
    Map<String, Map<String, Double>> above = new HashMap<>();
    for (Scored l : lists) {
      boolean signal = groupBest.getOrDefault(l.group(), Double.NEGATIVE_INFINITY) > 0;
      for (int r = 0; r < l.hits().size(); r++) {
        Hit h = l.hits().get(r);
        kinds.computeIfAbsent(h.id(), id -> kinds(h.fields()));
        if (signal && l.evidence()[r] > 0 && l.weight() > 0) {
          above.computeIfAbsent(h.id(), id -> new HashMap<>()).merge(l.group(), l.evidence()[r], Math::max);
        }
      }
    }
    Map<String, Double> kindMass = new HashMap<>();
    double mass = 0;
    for (Map.Entry<String, Map<String, Double>> e : above.entrySet()) {
      double m = e.getValue().values().stream().mapToDouble(Double::doubleValue).sum();
      mass += m;
      for (String kind : kinds.get(e.getKey())) {
        kindMass.merge(kind, m, Double::sum);
      }
    }
    Map<String, List<Fusion.Entry>> entries = new LinkedHashMap<>();
    Map<String, List<Contribution>> explained = new HashMap<>();
    for (Scored l : lists) {
      boolean signal = groupBest.getOrDefault(l.group(), Double.NEGATIVE_INFINITY) > 0;
      for (int r = 0; r < l.hits().size(); r++) {
        String id = l.hits().get(r).id();
        double prior = mass > 0 ? prior(kinds.get(id), kindMass, mass) : 1;
        entries.computeIfAbsent(id, x -> new ArrayList<>()).add(
            new Fusion.Entry(l.group(), r + 1, l.evidence()[r], l.weight(), signal, prior));
        explained.computeIfAbsent(id, x -> new ArrayList<>()).add(
            new Contribution(l.part(), l.space(), l.field(), r + 1, l.hits().get(r).score(), l.evidence()[r], 0,
                l.hits().get(r).span()));
      }
    }
    Map<String, Fused> out = new LinkedHashMap<>();
    for (Map.Entry<String, List<Fusion.Entry>> e : entries.entrySet()) {
      double[] added = fusion.contributions(e.getValue());
      List<Contribution> contributions = explained.get(e.getKey());
      double score = 0;
      for (int i = 0; i < added.length; i++) {
        contributions.set(i, contributions.get(i).withContribution(added[i]));
        score += added[i];
      }
      out.put(e.getKey(), new Fused(score, contributions));
    }
    return out;
  }

  /** The largest share of the clear matches' evidence held by a kind the item is. */
  private static double prior(Set<String> kinds, Map<String, Double> kindMass, double mass) {
    double prior = 0;
    for (String kind : kinds) {
      prior = Math.max(prior, kindMass.getOrDefault(kind, 0.0) / mass);
    }
    return prior;
  }

  /** Ids of the modalities that arrive as files: the kinds an item can be besides a text. */
  private static final Set<String> FILE_KINDS = Media.fileModalities().stream().map(Modality::id)
      .collect(java.util.stream.Collectors.toUnmodifiableSet());

  /**
   * The kinds of item a hit is, from the fields it has: each file modality it has a field of (a
   * picture {@code image}, a sound {@code audio}, …), or, holding none, a text.
   */
  static Set<String> kinds(Set<String> fields) {
    Set<String> out = new TreeSet<>();
    for (String f : fields) {
      String about = RankedList.about(f);
      if (FILE_KINDS.contains(about)) {
        out.add(about);
      }
    }
    if (out.isEmpty()) {
      out.add(Modality.TEXT.id());
    }
    return out;
  }
}
