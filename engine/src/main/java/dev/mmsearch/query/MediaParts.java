package dev.mmsearch.query;

import dev.mmsearch.catalog.Spaces;
import dev.mmsearch.extract.DecodeException;
import dev.mmsearch.media.Medium;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Parts of uploaded media, one part type per registered {@link Medium} ({@code image},
 * {@code audio}): JSON {@code {"type": "image", "data": base64}}, or a file field of the multipart
 * form named after the medium with its {@code …Weight}. Decoded within the medium's limits and
 * embedded by every space with an encoder for its modality.
 */
final class MediaParts implements PartKind<QueryPart.Media> {

  @Override
  public Class<QueryPart.Media> partClass() {
    return QueryPart.Media.class;
  }

  @Override
  public List<PartType> types(List<Medium> media) {
    return media.stream().<PartType>map(MediaPart::new).toList();
  }

  @Override
  public void lists(QueryPart.Media m, ListPlan plan) {
    if (!plan.embed(m.modality(), m.input(), m.content())) {
      throw new IllegalArgumentException("no space in the catalog encodes " + m.modality().id()
          + " (spaces: " + plan.spaces().all().stream().map(s -> s.name() + " " + s.modalities()).toList() + ")");
    }
  }

  /** The part type of one medium. */
  record MediaPart(Medium medium) implements PartType {

    @Override
    public String name() {
      return medium.name();
    }

    @Override
    public List<String> keys() {
      return List.of("data");
    }

    /** Only the weight: the bytes are decoded once the query holds an inference slot, if their embeddings are not cached. */
    @Override
    public void check(PartInput in) {
      QueryPart.checkWeight(in.weight());
    }

    @Override
    public QueryPart parse(PartInput in) throws DecodeException {
      return QueryPart.Media.upload(medium, base64(in), in.weight(), in.index());
    }

    /** The bytes of {@code data}: base64, optionally a data: URL, refused over the medium's limit before decoding. */
    private byte[] base64(PartInput in) throws DecodeException {
      String data = in.string("data");
      String payload = data.startsWith("data:") && data.contains(",") ? data.substring(data.indexOf(',') + 1) : data;
      // Base64 is 4 characters per 3 bytes: refuse an oversized input before decoding it.
      long bytes = payload.length() / 4L * 3;
      long limit = medium.maxBytes();
      if (bytes > limit + 3) {
        throw new DecodeException(DecodeException.Reason.TOO_MANY_BYTES,
            medium.name() + " is about " + bytes + " bytes, more than the limit of " + limit + " bytes");
      }
      try {
        // Strict: any character outside the alphabet is an error. Whitespace (line-wrapped base64) is
        // dropped first, copying the payload only when it has any.
        return Base64.getDecoder().decode(payload.chars().anyMatch(Character::isWhitespace) ? payload.replaceAll("\\s", "") : payload);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(in.where() + " \"data\" is not base64: " + e.getMessage());
      }
    }

    /** Refuses a medium no space encodes before its bytes are decoded. */
    @Override
    public void requireSearchable(Spaces spaces, String where) {
      if (!answerable(spaces)) {
        throw new IllegalArgumentException(where + "no space in the catalog encodes " + medium.name() + " (spaces: "
            + spaces.all().stream().map(s -> s.name() + " " + s.modalities().stream().map(m -> m.id()).sorted().toList())
            .toList() + ")");
      }
    }

    @Override
    public boolean answerable(Spaces spaces) {
      return medium.encodedAs().stream().anyMatch(m -> !spaces.accepting(m).isEmpty());
    }

    @Override
    public Set<String> formFields() {
      return Set.of(name(), PartType.weightField(name()));
    }

    @Override
    public Optional<Medium> upload() {
      return Optional.of(medium);
    }
  }
}
