package dev.mmsearch.ingest;

import dev.mmsearch.index.Item;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The hash an indexed item is stored with, which decides whether a re-run must redo it: a digest of
 * its content (files, text, metadata; not the models, which the index schema pins per field),
 * then, after a space, a digest of its files' identities.
 */
final class ContentHash {

  private ContentHash() {}

  /**
   * The hash stored for an item: its content's, then, after a space, a digest of its files'
   * identities ({@link Item#fileKeys}), so a re-run notices a file replaced by another holding the
   * same bytes and renews the identity without re-embedding.
   */
  static String stored(String content, Map<String, String> fileKeys) {
    if (fileKeys.isEmpty()) {
      return content;
    }
    byte[] digest = sha256().digest(new TreeMap<>(fileKeys).toString().getBytes(StandardCharsets.UTF_8));
    return content + " " + HexFormat.of().formatHex(digest, 0, 8);
  }

  /** The content part of a stored hash ({@link #stored}). */
  private static String contentPart(String stored) {
    int space = stored.indexOf(' ');
    return space < 0 ? stored : stored.substring(0, space);
  }

  /** Whether two stored hashes describe the same content, whatever the files' identities. */
  static boolean sameContent(String storedA, String storedB) {
    return contentPart(storedA).equals(contentPart(storedB));
  }

  /** The item's content: files (null for a modality it lacks), text, metadata. */
  static String of(SourceItem item, List<byte[]> files) {
    MessageDigest md = sha256();
    List<String> parts = new ArrayList<>(List.of(item.id(), item.source(), item.text(), new TreeMap<>(item.fields()).toString(),
        new TreeMap<>(item.metadata()).toString()));
    if (!item.name().isEmpty() && !item.name().equals(SourceItem.nameOf(item.id()))) {
      parts.add(item.name()); // a manifest's own name; a folder item's follows from its id, hashed above
    }
    for (String s : parts) {
      md.update(s.getBytes(StandardCharsets.UTF_8));
      md.update((byte) 0);
    }
    for (byte[] b : files) {
      md.update(b == null ? new byte[] {0} : b);
      md.update((byte) 0);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
