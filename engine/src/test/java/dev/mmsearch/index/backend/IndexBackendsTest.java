package dev.mmsearch.index.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mmsearch.index.lucene.LuceneBackend;
import dev.mmsearch.index.solr.SolrBackend;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Each location goes to the backend that claims it; a directory is the default. */
class IndexBackendsTest {

  @Test
  void aCollectionUrlIsSolrAndAnythingElseADirectory() {
    SolrBackend solr = assertInstanceOf(SolrBackend.class, IndexBackends.of("https://h:8983/solr/items?shards=2"));
    assertEquals("items", solr.collection());
    assertEquals(2, solr.shards());
    assertEquals(Path.of("data/index"), assertInstanceOf(LuceneBackend.class, IndexBackends.of("data/index")).directory());
  }

  @Test
  void aLocationIsNeeded() {
    assertThrows(IllegalArgumentException.class, () -> IndexBackends.of(" "));
    assertThrows(IllegalArgumentException.class, () -> IndexBackends.of("http://h:8983/solr/items?colour=red"));
  }
}
