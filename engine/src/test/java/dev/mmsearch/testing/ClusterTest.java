package dev.mmsearch.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A test class that drives a Solr cluster (the shared one, the secured one, or the network
 * namespace one): it runs beside the module's other test classes, one cluster class at a time.
 *
 * <p>Why: the cluster classes spend most of their time waiting for the cluster (a ZooKeeper
 * session to time out, a node to start, an election, replicas to recover), not computing, so a
 * module's other classes use the cores meanwhile; that is a third of the suite's time on 2 cores.
 * They never run beside each other: they share a cluster (or, for the namespace one, the
 * machine's namespaces), and a fault one class injects must not land in another's measurement.
 * Only modules whose surefire configuration enables JUnit's parallel execution (with classes on
 * the same thread by default) honour it; elsewhere it changes nothing.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(ClusterTest.LOCK)
public @interface ClusterTest {
  /** The lock every cluster class holds while it runs. */
  String LOCK = "mmsearch.solr-cluster";
}
