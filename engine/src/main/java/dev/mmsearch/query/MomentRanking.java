package dev.mmsearch.query;

import dev.mmsearch.calibrate.Calibration;
import dev.mmsearch.index.Hit;
import java.util.function.DoubleUnaryOperator;
import dev.mmsearch.index.IndexSchema;
import dev.mmsearch.index.ItemReader;
import dev.mmsearch.index.Moment;
import dev.mmsearch.index.VectorFieldSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ranks the moments of the hits on a page: each moment is scored as if it were an item, by the
 * query's vector lists against the moment's own vectors, calibrated and fused like items
 * ({@link Fusion#SCORE}) — for a picture or sound part over its own modality's fields (a shot is
 * located by what it shows or sounds like), for a text part over the evidence groups that added to
 * the item's own score; the best {@value #BEST} are kept. Only the page's items with moments are
 * read (their moments' vectors, one read per page), so the cost does not grow with the index.
 *
 * <p>Lists that do not score vectors (BM25, metadata) say nothing about a moment; a query with no
 * vector list leaves the moments unranked (none are named).
 */
final class MomentRanking {

  /** Moments named per hit, best first. */
  static final int BEST = 3;

  private MomentRanking() {}

  /** The page with each hit's best moments added (hits without moments unchanged). */
  static List<SearchHit> rank(List<SearchHit> page, List<RankedList> lists, List<List<Hit>> results, SearchRequest request,
      Calibration calibration, ItemReader index, IndexSchema schema) {
    List<RankedList.VectorList> vectors = new ArrayList<>();
    Map<RankedList.VectorList, DoubleUnaryOperator> scales = new java.util.IdentityHashMap<>();
    for (int i = 0; i < lists.size(); i++) {
      if (lists.get(i) instanceof RankedList.VectorList l && schema.fields().containsKey(l.field())) {
        vectors.add(l);
        // A moment's similarity means what its list's hits' do: calibrated alike.
        scales.put(l, calibration.scale(l.queryModality(), l.field(), l.about(),
            results.get(i).stream().map(h -> (double) h.score()).toList()));
      }
    }
    List<String> withMoments = page.stream().filter(h -> !h.item().moments().isEmpty()).map(h -> h.item().id()).toList();
    if (vectors.isEmpty() || withMoments.isEmpty() || !index.searchesMoments()) {
      return page;
    }
    Set<String> fields = new LinkedHashSet<>();
    vectors.forEach(l -> fields.add(l.field()));
    Map<String, List<Moment>> moments = index.moments(withMoments, fields);
    List<SearchHit> out = new ArrayList<>(page.size());
    for (SearchHit hit : page) {
      List<Moment> of = moments.get(hit.item().id());
      if (of == null || of.isEmpty()) {
        out.add(hit);
        continue;
      }
      // Which lists judge a moment: a part in a modality the video has (a picture, a sound) by its
      // own modality's lists only — a shot is located by what it shows or sounds like, not by a
      // cross-modal list near chance; another part (text) by the groups that added to the item's
      // score; with none, every vector list.
      Set<String> counted = new java.util.HashSet<>();
      hit.explanation().stream().filter(c -> c.contribution() > 0)
          .forEach(c -> counted.add(c.part() + ":" + RankedList.about(c.field())));
      Set<String> momentFields = new java.util.HashSet<>();
      of.forEach(m -> momentFields.addAll(m.vectors().keySet()));
      List<RankedList.VectorList> scoring = vectors.stream().filter(l -> momentFields.contains(l.field())).toList();
      List<RankedList.VectorList> judging = new ArrayList<>();
      for (RankedList.VectorList l : scoring) {
        boolean sameModalityExists = scoring.stream().anyMatch(o -> o.part() == l.part() && o.queryModality().equals(o.about()));
        if (sameModalityExists ? l.queryModality().equals(l.about()) : counted.contains(l.group())) {
          judging.add(l);
        }
      }
      if (judging.isEmpty()) {
        judging = scoring;
      }
      List<MomentHit> ranked = new ArrayList<>(of.size());
      for (int i = 0; i < of.size(); i++) {
        Moment m = of.get(i);
        List<Fusion.Entry> entries = new ArrayList<>();
        for (RankedList.VectorList l : judging) {
          float[] v = m.vectors().get(l.field());
          if (v != null) {
            double similarity = dot(l.vector(), v);
            double evidence = scales.get(l).applyAsDouble(similarity);
            entries.add(new Fusion.Entry(l.group(), 1, evidence, request.parts().get(l.part()).weight(), true, 1));
          }
        }
        if (!entries.isEmpty()) {
          double score = 0;
          for (double c : Fusion.SCORE.contributions(entries)) {
            score += c;
          }
          ranked.add(new MomentHit(m.span(i), score));
        }
      }
      ranked.sort(Comparator.comparingDouble((MomentHit h) -> -h.score()).thenComparingInt(h -> h.span().moment()));
      out.add(hit.withMoments(ranked.subList(0, Math.min(BEST, ranked.size()))));
    }
    return out;
  }

  /**
   * The similarity of a query vector and a stored one as the field scores it: a dot product for
   * both similarities ({@link VectorFieldSpec#similarityFromScore}: unit vectors in cosine fields).
   */
  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
