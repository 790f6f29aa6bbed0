package dev.mmsearch.index.lucene;

import static dev.mmsearch.index.ItemDocument.GEO;
import static dev.mmsearch.index.ItemDocument.HASH;
import static dev.mmsearch.index.ItemDocument.HAS;
import static dev.mmsearch.index.ItemDocument.ID;
import static dev.mmsearch.index.ItemDocument.META;
import static dev.mmsearch.index.ItemDocument.NUMBER;
import static dev.mmsearch.index.ItemDocument.SOURCE;
import static dev.mmsearch.index.ItemDocument.STORED;
import static dev.mmsearch.index.ItemDocument.TEXT;
import static dev.mmsearch.index.ItemDocument.THUMB;

import dev.mmsearch.encode.Similarity;
import dev.mmsearch.index.IndexSchema;
import dev.mmsearch.index.Item;
import dev.mmsearch.index.ItemDocument;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DoubleField;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LatLonPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.util.BytesRef;

/**
 * An {@link ItemDocument} as a Lucene document and back. What a search hit needs (id, field set)
 * and the preview are doc values, read without decompressing stored fields; the display data is
 * the one stored JSON value; metadata are keyword terms, numbers are points with doc values.
 */
final class LuceneDocuments {
  private LuceneDocuments() {}

  /** The Lucene document of {@code d}; its vectors were checked against {@code schema}. */
  static Document of(ItemDocument d, IndexSchema schema) {
    Item item = d.item();
    Document doc = new Document();
    doc.add(new StringField(ID, item.id(), Field.Store.YES));
    doc.add(new StoredField(SOURCE, item.source()));
    doc.add(new StringField(HASH, item.contentHash(), Field.Store.YES));
    doc.add(new TextField(TEXT, item.text(), Field.Store.NO));
    String read = d.pictureText();
    if (!read.isEmpty()) {
      doc.add(new TextField(ItemDocument.OCR, read, Field.Store.NO));
      d.pictureTextGrams().forEach(g -> doc.add(new StringField(ItemDocument.OCR_GRAMS, g, Field.Store.NO)));
    }
    item.metadata().forEach((key, values) -> values.forEach(v -> doc.add(new StringField(META + key, v, Field.Store.NO))));
    // Points for range filters, doc values for soft targets (closest) and sorting.
    item.numbers().forEach((key, v) -> doc.add(new DoubleField(NUMBER + key, v, Field.Store.NO)));
    d.geo().ifPresent(p -> doc.add(new LatLonPoint(GEO, p.latitude(), p.longitude())));
    d.vectors().forEach((field, v) ->
        doc.add(new KnnFloatVectorField(field, v, similarity(schema.require(field).similarity()))));
    // Hits are resolved from doc values: far cheaper per hit than decompressing stored fields.
    doc.add(new SortedDocValuesField(ID, new BytesRef(item.id())));
    doc.add(new BinaryDocValuesField(HAS, new BytesRef(String.join(" ", d.has()))));
    if (item.hasThumbnail()) {
      doc.add(new BinaryDocValuesField(THUMB, new BytesRef(item.thumbnail())));
    }
    doc.add(new StoredField(STORED, d.storedJson()));
    return doc;
  }

  /**
   * The block of {@code d}: a document per moment, then the item's (a block join's parent comes
   * last). Written at once ({@code IndexWriter.updateDocuments}), so a moment never outlives or
   * precedes its item in any commit. A moment's document carries {@value ItemDocument#MOMENT_OF}
   * instead of {@value ItemDocument#ID} and its vectors in moment fields ({@link ItemDocument#momentField}),
   * so no item query matches it.
   */
  static java.util.List<Document> block(ItemDocument d, IndexSchema schema) {
    Item item = d.item();
    java.util.List<Document> block = new java.util.ArrayList<>(item.moments().size() + 1);
    for (int i = 0; i < item.moments().size(); i++) {
      dev.mmsearch.index.Moment m = item.moments().get(i);
      Document doc = new Document();
      doc.add(new StringField(ItemDocument.MOMENT_OF, item.id(), Field.Store.NO));
      doc.add(new SortedDocValuesField(ItemDocument.MOMENT_OF, new BytesRef(item.id())));
      doc.add(new NumericDocValuesField(ItemDocument.MOMENT, i));
      doc.add(new NumericDocValuesField(ItemDocument.MOMENT_START, Double.doubleToRawLongBits(m.start())));
      doc.add(new NumericDocValuesField(ItemDocument.MOMENT_END, Double.doubleToRawLongBits(m.end())));
      m.vectors().forEach((field, v) -> doc.add(new KnnFloatVectorField(ItemDocument.momentField(field), v,
          similarity(schema.require(field).similarity()))));
      if (m.thumbnail() != null) {
        doc.add(new BinaryDocValuesField(THUMB, new BytesRef(m.thumbnail())));
      }
      block.add(doc);
    }
    block.add(of(d, schema));
    return block;
  }

  /** An item as stored (without vectors), with the given thumbnail bytes or none. */
  static Item item(String id, Document d, byte[] thumbnail) {
    return ItemDocument.item(id, d.get(SOURCE), d.get(HASH), d.get(STORED), thumbnail);
  }

  /** Vectors are unit length for cosine spaces, so cosine is the cheaper dot product. */
  private static VectorSimilarityFunction similarity(Similarity s) {
    return switch (s) {
      case COSINE -> VectorSimilarityFunction.DOT_PRODUCT;
      case DOT_PRODUCT -> VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT;
    };
  }
}
