package dev.mmsearch.index.solr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmsearch.index.Filter;
import dev.mmsearch.index.ItemIndex;
import dev.mmsearch.index.ItemReader;
import dev.mmsearch.index.ItemIndexContractTestCase;
import dev.mmsearch.testing.ClusterTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A secured cluster as operators run one ({@link SolrCluster#secured}: TLS only, Basic
 * authentication on every request, rule-based authorization with a writer and a reader role):
 * the client with the right user and the operator's truststore indexes and searches; a wrong
 * password, no credentials, a reader writing and an untrusted certificate each fail at once with a
 * message that names the setting to fix and never the secret.
 */
@ClusterTest
class SolrSecurityTest {

  static SolrCluster cluster;
  static String location;

  @BeforeAll
  static void index() throws Exception {
    cluster = SolrCluster.secured();
    location = cluster.collection("secured", 2, 1);
    assertTrue(location.startsWith("https://"), location);
    Random r = new Random(11);
    try (ItemIndex writer = SolrBackend.parse(location, cluster.security(SolrCluster.INDEXER))
        .openForWriting(SolrFailoverTest.SCHEMA)) {
      for (int i = 0; i < 40; i++) {
        writer.upsert(SolrFailoverTest.item(i, r));
      }
      writer.commit(Map.of("by", SolrCluster.INDEXER));
    }
  }

  @Test
  void theSearcherReadsOverTlsWithItsCredentials() throws Exception {
    try (ItemReader reader = SolrBackend.parse(location, cluster.security(SolrCluster.SEARCHER))
        .openForReading(SolrFailoverTest.SCHEMA, Duration.ZERO)) {
      assertEquals(40, reader.stats().items());
      assertEquals(10, reader.knn("clip.image", ItemIndexContractTestCase.unit(new Random(3), 32), 10, Filter.NONE).size());
      assertEquals(10, reader.bm25("red caption", 10, Filter.NONE).size());
      assertTrue(reader.get("item-7").isPresent());
      assertEquals(Map.of("by", SolrCluster.INDEXER), reader.commitData());
    }
  }

  @Test
  void aWrongPasswordIsRefusedAtOnceWithoutShowingIt() {
    SolrSecurity wrong = new SolrSecurity(Optional.of(SolrCluster.INDEXER), "wrong-secret-42",
        Optional.of(cluster.truststore()), cluster.security(SolrCluster.INDEXER).truststorePassword());
    long t0 = System.nanoTime();
    SolrException e = assertThrows(SolrException.class,
        () -> SolrBackend.parse(location, wrong).openForReading(SolrFailoverTest.SCHEMA, Duration.ZERO).close());
    assertEquals(401, e.status());
    assertTrue(e.getMessage().contains("refused the credentials of user indexer (401)"), e.getMessage());
    assertTrue(e.getMessage().contains(SolrSecurity.PASSWORD), "names the setting: " + e.getMessage());
    assertFalse(e.getMessage().contains("wrong-secret-42"), e.getMessage());
    assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(5).toNanos(), "not retried for the read deadline");
  }

  @Test
  void noCredentialsAreAskedFor() {
    SolrSecurity anonymous = new SolrSecurity(Optional.empty(), "", Optional.of(cluster.truststore()),
        cluster.security(SolrCluster.INDEXER).truststorePassword());
    SolrException e = assertThrows(SolrException.class,
        () -> SolrBackend.parse(location, anonymous).openForReading(SolrFailoverTest.SCHEMA, Duration.ZERO).close());
    assertEquals(401, e.status());
    assertTrue(e.getMessage().contains("asks for credentials (401)") && e.getMessage().contains(SolrSecurity.USER),
        e.getMessage());
  }

  @Test
  void theSearcherMayNotWrite() throws Exception {
    SolrSecurity searcher = cluster.security(SolrCluster.SEARCHER);
    try (ItemIndex index = SolrBackend.parse(location, searcher).openForWriting(SolrFailoverTest.SCHEMA)) {
      index.upsert(SolrFailoverTest.item(1000, new Random(1)));
      SolrException e = assertThrows(SolrException.class, () -> index.commit(Map.of()));
      assertEquals(403, e.status());
      assertTrue(e.getMessage().contains("Solr user searcher may not do /" + SolrBackend.parse(location).collection()
          + "/update"), e.getMessage());
      assertTrue(e.getMessage().contains("security.json"), e.getMessage());
      assertFalse(e.getMessage().contains(searcher.password()), e.getMessage());
    }
  }

  @Test
  void anUntrustedCertificateFailsAtOnceNamingTheTruststoreSetting() {
    SolrSecurity jvmTrust = new SolrSecurity(Optional.of(SolrCluster.INDEXER),
        cluster.security(SolrCluster.INDEXER).password(), Optional.empty(), "");
    long t0 = System.nanoTime();
    SolrException e = assertThrows(SolrException.class,
        () -> SolrBackend.parse(location, jvmTrust).openForReading(SolrFailoverTest.SCHEMA, Duration.ZERO).close());
    assertTrue(e.getMessage().startsWith("TLS with Solr node https://127.0.0.1:"), e.getMessage());
    assertTrue(e.getMessage().contains(SolrSecurity.TRUSTSTORE), e.getMessage());
    assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(5).toNanos(), "not retried for the read deadline");
  }

  @Test
  void settingsComeFromTheEnvironmentAndNeverShowTheirSecrets() {
    SolrSecurity s = SolrSecurity.fromEnvironment(Map.of(SolrSecurity.USER, "indexer", SolrSecurity.PASSWORD, "s3cret",
        SolrSecurity.TRUSTSTORE, "/etc/mmsearch/solr-ca.p12", SolrSecurity.TRUSTSTORE_PASSWORD, "t-pass"));
    assertEquals(Optional.of("indexer"), s.user());
    assertEquals(Optional.of(Path.of("/etc/mmsearch/solr-ca.p12")), s.truststore());
    assertFalse(s.toString().contains("s3cret") || s.toString().contains("t-pass"), s.toString());
    assertFalse(SolrBackend.parse("https://h:8983/solr/items", s).toString().contains("s3cret"));
    assertEquals(SolrSecurity.NONE, SolrSecurity.fromEnvironment(Map.of()));
    IllegalArgumentException half = assertThrows(IllegalArgumentException.class,
        () -> SolrSecurity.fromEnvironment(Map.of(SolrSecurity.USER, "indexer")));
    assertTrue(half.getMessage().contains(SolrSecurity.PASSWORD), half.getMessage());
    IllegalArgumentException inUrl = assertThrows(IllegalArgumentException.class,
        () -> SolrBackend.parse("https://indexer:s3cret@h:8983/solr/items"));
    assertTrue(inUrl.getMessage().contains(SolrSecurity.USER), inUrl.getMessage());
    assertFalse(inUrl.getMessage().contains("s3cret"), inUrl.getMessage());
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> SolrBackend.parse("https://h:8983/solr/items", new SolrSecurity(Optional.empty(), "",
            Optional.of(Path.of("/nonexistent/ca.p12")), "")).openForReading(SolrFailoverTest.SCHEMA, Duration.ZERO));
    assertTrue(missing.getMessage().contains(SolrSecurity.TRUSTSTORE + " names /nonexistent/ca.p12"), missing.getMessage());
  }
}
