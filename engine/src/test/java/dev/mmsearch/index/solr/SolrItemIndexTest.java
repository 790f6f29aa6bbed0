package dev.mmsearch.index.solr;

import dev.mmsearch.index.backend.IndexBackends;
import dev.mmsearch.index.IndexBackend;
import dev.mmsearch.index.ItemIndexContractTestCase;
import dev.mmsearch.testing.ClusterTest;

/** The shared contract on a SolrCloud collection of 2 shards (3 nodes). */
@ClusterTest
class SolrItemIndexTest extends ItemIndexContractTestCase {

  @Override
  protected IndexBackend newBackend(String name) {
    return IndexBackends.of(SolrCluster.shared().collection(name, 2, 1));
  }
}
