package dev.mmsearch.query;

import dev.mmsearch.calibrate.Calibration;
import dev.mmsearch.encode.Modality;
import dev.mmsearch.index.Filter;
import dev.mmsearch.index.Hit;
import dev.mmsearch.index.ItemReader;
import dev.mmsearch.index.NumberTarget;
import java.util.List;
import java.util.OptionalInt;

/**
 * One ranked list to fetch for a part, where it comes from (for explanations and selection), and
 * what its scores mean as evidence ({@link Calibration}). Part types ({@link PartKind#lists}) say
 * which lists a part produces; {@link MultimodalSearcher} fetches and fuses them.
 */
sealed interface RankedList {

  /** Space name used in explanations for BM25 lists. */
  String BM25 = "bm25";

  /** Space name used in explanations for sub-string lists over text read in pictures. */
  String SUBSTRING = "substring";

  /** Space and field name used in explanations for metadata parts' lists. */
  String METADATA = "metadata";

  int part();

  String space();

  String field();

  /** The modality the query side is in ({@code text}, {@code image}, {@code audio}), for its calibration. */
  String queryModality();

  /**
   * What the list's evidence is about: the modality of the item it scores ({@code image} for
   * {@code clip.image} and {@code dino.image}, {@code text} for caption fields and BM25). Lists of
   * one part about one modality are one piece of evidence: the same picture seen by two heads
   * of one backbone is not two agreeing witnesses.
   */
  String about();

  List<Hit> fetch(ItemReader index, int depth, Filter filter);

  /** The most items {@link #fetch} can return under {@code filter}, when the index counts them cheaply. */
  default OptionalInt reach(ItemReader index, Filter filter) {
    return OptionalInt.empty();
  }

  /** The evidence each hit gives, best first. */
  default double[] evidence(Calibration calibration, List<Hit> hits) {
    return calibration.evidence(queryModality(), field(), about(), hits.stream().map(h -> (double) h.score()).toList());
  }

  /** The modality a field's items are scored on: the part of its name after the space ({@code clip.image}: image). */
  static String about(String field) {
    return field.substring(field.lastIndexOf('.') + 1);
  }

  /** The evidence group of a list: its part and the modality of the items it scores. */
  default String group() {
    return part() + ":" + about();
  }

  /** A vector against a vector field. */
  record VectorList(int part, String space, String field, String queryModality, String about, float[] vector)
      implements RankedList {
    @Override
    public List<Hit> fetch(ItemReader index, int depth, Filter filter) {
      return index.knn(field, vector, depth, filter);
    }

    @Override
    public OptionalInt reach(ItemReader index, Filter filter) {
      return index.countWithVector(field, filter);
    }
  }

  /** Text against item text by BM25. */
  record Bm25List(int part, String text) implements RankedList {
    @Override
    public String space() {
      return BM25;
    }

    @Override
    public String field() {
      return Hit.TEXT;
    }

    @Override
    public String queryModality() {
      return Modality.TEXT.id();
    }

    @Override
    public String about() {
      return Modality.TEXT.id();
    }

    @Override
    public List<Hit> fetch(ItemReader index, int depth, Filter filter) {
      return index.bm25(text, depth, filter);
    }
  }

  /**
   * Text against the text read in items' pictures: whole words by BM25 (field {@value Hit#OCR}),
   * or sub-strings by character trigrams (space {@value #SUBSTRING}, field {@code substring.ocr}).
   * Both are about the picture's text, one group with the space's embeddings of it ({@code clip.ocr}).
   */
  record PictureTextList(int part, String text, boolean substring) implements RankedList {
    @Override
    public String space() {
      return substring ? SUBSTRING : BM25;
    }

    @Override
    public String field() {
      return substring ? Hit.OCR_SUBSTRING : Hit.OCR;
    }

    @Override
    public String queryModality() {
      return Modality.TEXT.id();
    }

    @Override
    public String about() {
      return Modality.OCR.id();
    }

    @Override
    public List<Hit> fetch(ItemReader index, int depth, Filter filter) {
      return substring ? index.pictureTextSubstring(text, depth, filter) : index.pictureText(text, depth, filter);
    }
  }

  /** Soft numeric targets against item numbers. */
  record MetadataList(int part, List<NumberTarget> targets) implements RankedList {
    @Override
    public String space() {
      return METADATA;
    }

    @Override
    public String field() {
      return METADATA;
    }

    @Override
    public String queryModality() {
      return METADATA;
    }

    @Override
    public String about() {
      return METADATA;
    }

    @Override
    public List<Hit> fetch(ItemReader index, int depth, Filter filter) {
      return index.closest(targets, depth, filter);
    }

    @Override
    public double[] evidence(Calibration calibration, List<Hit> hits) {
      double[] e = new double[hits.size()];
      for (int i = 0; i < e.length; i++) {
        e[i] = Calibration.metadataEvidence(hits.get(i).score());
      }
      return e;
    }
  }
}
