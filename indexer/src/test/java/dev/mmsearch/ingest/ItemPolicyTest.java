package dev.mmsearch.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmsearch.catalog.Spaces;
import dev.mmsearch.derive.DerivedMetadata;
import dev.mmsearch.encode.Encoder;
import dev.mmsearch.encode.EncoderInput;
import dev.mmsearch.encode.Modality;
import dev.mmsearch.encode.Role;
import dev.mmsearch.index.Item;
import dev.mmsearch.index.lucene.LuceneItemIndex;
import dev.mmsearch.media.Media;
import dev.mmsearch.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-item rules of {@link ItemPolicy}, on one thread, without the job's pipeline. */
class ItemPolicyTest {

  static Spaces spaces;
  static final PreparedItem FAILED = new PreparedItem(null, null, null, Map.of(), null, DerivedMetadata.NONE, Map.of());

  @TempDir
  Path tmp;

  @BeforeAll
  static void load() {
    spaces = TestModels.spaces();
  }

  @AfterAll
  static void close() {
    spaces.close();
  }

  private ItemPolicy policy(LuceneItemIndex index, JobOptions options) {
    Media media = Media.of(spaces, options.mediaLimits(), options.thumbnailSize());
    return new ItemPolicy(spaces.all(), index, media, options, new StageClock(), null, false);
  }

  private SourceItem picture(String text) throws Exception {
    Path file = tmp.resolve("photo.png");
    if (!Files.exists(file)) {
      Files.copy(TestModels.reference("photo.png"), file);
    }
    return new SourceItem("photo.png", Map.of(Modality.IMAGE, file), null, text, Map.of(), Map.of(), tmp.toString(), "photo");
  }

  /** Prepares {@code item} with what the index holds for it, as the job's listing thread reads it. */
  private static PreparedItem prepare(ItemPolicy policy, LuceneItemIndex index, SourceItem item, ErrorReport errors) {
    return policy.prepare(item, index.states(List.of(item.id())).get(item.id()), errors, FAILED);
  }

  /** Encodes what the policy prepared, as the writer thread would. */
  private static Map<String, float[]> encode(PreparedItem p) {
    Map<String, float[]> out = new HashMap<>();
    p.inputs().forEach((modality, inputs) -> spaces.all().forEach(space -> {
      Encoder e = space.encoder(modality);
      EncoderInput in = e == null ? null : inputs.get(e);
      if (in != null) {
        out.put(space.name() + "." + modality.id(), e.encode(List.of(in), Role.DOCUMENT).get(0));
      }
    }));
    return out;
  }

  @Test
  void aNewItemIsDecodedForEveryFieldAndADoneOneIsSkipped() throws Exception {
    JobOptions options = JobOptions.defaults();
    try (LuceneItemIndex index = LuceneItemIndex.openForWriting(tmp.resolve("index"), spaces.schema());
        ErrorReport errors = new ErrorReport(null)) {
      ItemPolicy policy = policy(index, options);
      PreparedItem fresh = prepare(policy, index, picture("a red circle"), errors);
      assertNotNull(fresh);
      assertNull(fresh.existing());
      assertEquals(Set.of(Modality.IMAGE, Modality.TEXT, Modality.NAME), fresh.inputs().keySet());
      assertNotNull(fresh.thumbnail(), "a picture gets its preview");
      Item item = policy.merge(fresh, encode(fresh), List.of());
      assertEquals(List.of("image", "text"), item.metadata().get(DerivedMetadata.MODALITY));
      index.upsert(item);
      index.commit(Map.of());

      assertNull(prepare(policy, index, picture("a red circle"), errors), "same content, every field there: done");
      PreparedItem changed = prepare(policy, index, picture("a blue square"), errors);
      assertNotNull(changed.existing());
      assertTrue(!changed.sameContent() && changed.inputs().containsKey(Modality.IMAGE), "changed content is decoded again");
      assertEquals(0, errors.count());
    }
  }

  @Test
  void aMissingFieldIsTheOnlyOneEncodedAndTheOthersAreKept() throws Exception {
    try (LuceneItemIndex index = LuceneItemIndex.openForWriting(tmp.resolve("index"), spaces.schema());
        ErrorReport errors = new ErrorReport(null)) {
      ItemPolicy policy = policy(index, JobOptions.defaults());
      PreparedItem fresh = prepare(policy, index, picture("a red circle"), errors);
      Map<String, float[]> vectors = encode(fresh);
      float[] kept = vectors.get("dino.image");
      Map<String, float[]> withoutClipText = new HashMap<>(vectors);
      withoutClipText.remove("clip.text");
      index.upsert(policy.merge(fresh, withoutClipText, List.of()));
      index.commit(Map.of());

      PreparedItem again = prepare(policy, index, picture("a red circle"), errors);
      assertTrue(again.sameContent());
      assertEquals(Set.of(Modality.TEXT), again.inputs().keySet(), "only the missing field's modality");
      assertNull(again.thumbnail(), "the stored preview is kept, not made again");
      Item merged = policy.merge(again, encode(again), List.of());
      assertArrayEquals(kept, merged.vectors().get("dino.image"), "a field not recomputed keeps its vector");
      assertNotNull(merged.vectors().get("clip.text"));
      assertNotNull(merged.thumbnail(), "and the item keeps its preview");
    }
  }

  @Test
  void anUnreadableFileIsReportedAndGivesTheFailureMarker() throws Exception {
    Path broken = Files.writeString(tmp.resolve("broken.png"), "not a picture");
    SourceItem item = new SourceItem("broken.png", Map.of(Modality.IMAGE, broken), null, "", Map.of(), Map.of(), tmp.toString(), "");
    try (LuceneItemIndex index = LuceneItemIndex.openForWriting(tmp.resolve("index"), spaces.schema());
        ErrorReport errors = new ErrorReport(null)) {
      assertSame(FAILED, prepare(policy(index, JobOptions.defaults()), index, item, errors));
      assertEquals(1, errors.count());
      assertEquals("decode", errors.errors().get(0).stage());
    }
  }
}
