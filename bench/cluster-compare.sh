#!/usr/bin/env bash
# Embedded index vs SolrCloud on the same items and the same machine (docs/benchmarks.md,
# "Embedded vs cluster"): bulk indexing (CLI into each, and the Spark job into the cluster), then
# the search API on each under bench/http-load.js.
#
#   bench/cluster-compare.sh MANIFEST QUERIES.txt QUERY.jpg [CATALOG]
#
# The cluster is the tests' own (engine/src/test/resources/solr-cluster): Solr 9.10.1 from Maven,
# 3 nodes and ZooKeeper in one child JVM on loopback; the collection has 2 shards x 2 replicas.
# Needs Node.js with autocannon on NODE_PATH (see bench/http-load.js) and a built project
# (./mvnw package -DskipTests).
set -uo pipefail
cd "$(dirname "$0")/.."
manifest=$1 queries=$2 image=$3 catalog=${4:-models/bundle/catalog.json}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
work=$(mktemp -d -t cluster-compare.XXXX)
java=$JAVA_HOME/bin/java

# The cluster.
harness=engine/src/test/resources/solr-cluster
[[ -f $work/solr-cp.txt ]] || ./mvnw -B -q -f $harness/pom.xml dependency:build-classpath -Dmdep.outputFile=$work/solr-cp.txt
mkfifo $work/solr.in
sleep infinity > $work/solr.in &
holder=$!
$java -Xmx2g -XX:+UseSerialGC -cp "$(cat $work/solr-cp.txt)" $harness/SolrClusterMain.java 3 $work/solr-data \
  < $work/solr.in > $work/solr.out 2> $work/solr.err &
for _ in $(seq 1 120); do grep -q "@@solr-cluster ready" $work/solr.out && break; sleep 1; done
read -r n0 n1 n2 < <(grep "@@solr-cluster ready" $work/solr.out | cut -d' ' -f4-)
others=$(echo "$n1 $n2" | sed 's|http://||g; s|/solr||g; s| |,|')
cluster="$n0/compare?shards=2&replicas=2&nodes=$others"
cluster_spark="$n0/compare_spark?shards=2&replicas=2&nodes=$others"
trap 'echo exit > $work/solr.in; kill $holder 2>/dev/null' EXIT

echo "== bulk indexing"
for target in $work/embedded "$cluster"; do
  echo "-- mmsearch index --index $target"
  ./mmsearch index --catalog "$catalog" --index "$target" --manifest "$manifest" | grep listed
  ./mmsearch optimize --catalog "$catalog" --index "$target" | tail -1
done
echo "-- Spark job, local[2], into a second collection"
opens=""
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
  java.util.concurrent.atomic sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  opens="$opens --add-opens=java.base/$p=ALL-UNNAMED"
done
[[ -f $work/spark-cp.txt ]] || ./mvnw -B -q dependency:build-classpath -pl spark -Dmdep.includeScope=provided -Dmdep.outputFile=$work/spark-cp.txt
start=$(date +%s.%N)
$java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED $opens -Dspark.master='local[2]' -Dspark.ui.enabled=false \
  -cp "spark/target/mmsearch-spark.jar:$(cat $work/spark-cp.txt)" dev.mmsearch.spark.BulkIndexCommand --catalog "$catalog" \
  --index "$cluster_spark" --manifest "$manifest" --errors $work/spark-errors --partitions 2 2>/dev/null | grep listed
echo "   wall $(echo "$(date +%s.%N) - $start" | bc) s (JVM, Spark and model start included)"

echo "== search API"
load="node bench/http-load.js --url http://localhost:8097 --queries $queries --image $image"
for target in $work/embedded "$cluster"; do
  echo "-- serve $target"
  ./mmsearch serve --catalog "$catalog" --index "$target" --port 8097 > $work/serve.log 2>&1 &
  pid=$!
  for _ in $(seq 1 90); do curl -sf localhost:8097/q/health/ready > /dev/null && break; sleep 1; done
  $load --rate 30 --connections 2 --seconds 15 > /dev/null 2>&1                 # warm-up
  $load --rate 5 --connections 1 --seconds 10 --kind image > /dev/null 2>&1
  for rate in 20 50 100; do $load --rate $rate --connections 2 --seconds 20 2>/dev/null | tail -1; done
  $load --connections 4 --seconds 20 2>/dev/null | tail -1
  $load --rate 10 --connections 2 --seconds 20 --kind image 2>/dev/null | tail -1
  $load --connections 2 --seconds 20 --kind combined 2>/dev/null | tail -1
  kill $pid; wait $pid 2>/dev/null
done
