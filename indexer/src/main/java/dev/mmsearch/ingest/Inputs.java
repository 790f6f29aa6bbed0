package dev.mmsearch.ingest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Lists folders and manifests into items, reporting bad inputs and ids given twice. */
public final class Inputs {

  private Inputs() {}

  /** Items of all inputs, first id wins; listings kept for deletion roots. */
  record Listed(List<SourceItem> items, List<Listing> listings) {}

  static Listed list(List<Path> directories, List<Path> manifests, ErrorReport errors) {
    List<Listing> listings = new ArrayList<>();
    directories.forEach(d -> listings.add(DirectorySource.list(d)));
    manifests.forEach(m -> listings.add(ManifestSource.list(m)));
    List<SourceItem> items = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Listing l : listings) {
      l.errors().forEach(errors::add);
      for (SourceItem it : l.items()) {
        if (seen.add(it.id())) {
          items.add(it);
        } else {
          errors.add(new IngestError(it.origin() + " " + it.id(), "read", "DUPLICATE_ID",
              "id '" + it.id() + "' is given by more than one input in this job; the first one wins"));
        }
      }
    }
    return new Listed(items, listings);
  }

  /** Every item of the inputs that has both an image and text: training and evaluation pairs. */
  public static List<SourceItem> captionedImages(List<Path> directories, List<Path> manifests, ErrorReport errors) {
    return list(directories, manifests, errors).items().stream()
        .filter(i -> i.image() != null && !i.text().isBlank())
        .toList();
  }
}
