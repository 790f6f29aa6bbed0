package dev.mmsearch.index;

/**
 * An index opened for writing, which also reads what it holds: the indexer needs both, to skip
 * inputs already done ({@link #states}) and to keep the vectors and previews of unchanged items
 * ({@link #vector}, {@link #thumbnail}). Code that only reads takes an {@link ItemReader}; code that
 * only writes, an {@link ItemWriter}.
 *
 * <p>Writes on an index opened only for reading fail with {@link IllegalStateException}.
 */
public interface ItemIndex extends ItemReader, ItemWriter {

  @Override
  IndexSchema schema();

  @Override
  java.util.Map<String, String> commitData();
}
