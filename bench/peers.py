#!/usr/bin/python3
"""hnswlib and FAISS on the vectors `mmsearch benchmark knn-sweep --export DIR` wrote, measured the
way knn-sweep measures mmsearch: recall@10 against the exact top 10, single-thread latency of one
query at a time (p50/p99), build rate. Also per-query time of one batched call, which leaves out
Python's per-call overhead, and the index's bytes per vector (its serialised size over the vector
count: the vectors and the graph, all of which a search may touch). Debian packages: python3-hnswlib, python3-faiss, python3-numpy.

    /usr/bin/python3 bench/peers.py DIR [--m 16] [--ef-construction 100] [--ef 10,20,50,100,200]
"""
import argparse
import time

import numpy as np


def read_vecs(path, dtype):
    raw = np.fromfile(path, dtype=np.int32)
    dim = raw[0]
    rows = raw.reshape(-1, dim + 1)[:, 1:]
    return rows.view(dtype) if dtype == np.float32 else rows


def recall(found, truth):
    return float(np.mean([len(set(f[:10]) & set(t[:10])) / 10.0 for f, t in zip(found, truth)]))


def timed_queries(search_one, queries):
    nanos = []
    found = []
    for q in queries:
        t0 = time.perf_counter_ns()
        labels = search_one(q)
        nanos.append(time.perf_counter_ns() - t0)
        found.append(list(labels))
    nanos.sort()
    return found, nanos[len(nanos) // 2] / 1e6, nanos[min(len(nanos) - 1, int(np.ceil(len(nanos) * 0.99)) - 1)] / 1e6


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--m", type=int, default=16)
    ap.add_argument("--ef-construction", type=int, default=100)
    ap.add_argument("--ef", default="10,20,50,100,200")
    ap.add_argument("--libraries", default="hnswlib,faiss", help="which peers to run")
    a = ap.parse_args()
    corpus = np.ascontiguousarray(read_vecs(a.dir + "/corpus.fvecs", np.float32))
    queries = np.ascontiguousarray(read_vecs(a.dir + "/queries.fvecs", np.float32))
    truth = read_vecs(a.dir + "/truth.ivecs", np.int32)
    efs = [int(x) for x in a.ef.split(",")]
    n, dim = corpus.shape
    print(f"{n} vectors, {dim}-d, {len(queries)} queries; M {a.m}, ef_construction {a.ef_construction}; one thread")
    print("| library | build vectors/s | bytes/vector | ef | recall@10 | p50 ms | p99 ms | batched ms/query |")
    print("|---|---|---|---|---|---|---|---|")

    libraries = a.libraries.split(",")
    if "hnswlib" in libraries:
        run_hnswlib(a, corpus, queries, truth, efs)
    if "faiss" in libraries:
        run_faiss(a, corpus, queries, truth, efs)


def run_hnswlib(a, corpus, queries, truth, efs):
    n, dim = corpus.shape
    import hnswlib
    index = hnswlib.Index(space="ip", dim=dim)
    index.init_index(max_elements=n, M=a.m, ef_construction=a.ef_construction, random_seed=42)
    index.set_num_threads(1)
    t0 = time.perf_counter()
    index.add_items(corpus, np.arange(n))
    build = n / (time.perf_counter() - t0)
    import os, tempfile
    with tempfile.TemporaryDirectory() as tmp:
        index.save_index(tmp + "/index.bin")
        per_vector = os.path.getsize(tmp + "/index.bin") / n
    for ef in efs:
        index.set_ef(max(ef, 10))
        for q in queries[:20]:
            index.knn_query(q, k=10)
        found, p50, p99 = timed_queries(lambda q: index.knn_query(q, k=10)[0][0], queries)
        t0 = time.perf_counter_ns()
        index.knn_query(queries, k=10, num_threads=1)
        batched = (time.perf_counter_ns() - t0) / 1e6 / len(queries)
        print(f"| hnswlib | {build:.0f} | {per_vector:.0f} | {ef} | {recall(found, truth):.3f} | {p50:.3f} | {p99:.3f} | {batched:.3f} |")



def run_faiss(a, corpus, queries, truth, efs):
    n, dim = corpus.shape
    import faiss
    faiss.omp_set_num_threads(1)
    findex = faiss.IndexHNSWFlat(dim, a.m, faiss.METRIC_INNER_PRODUCT)
    findex.hnsw.efConstruction = a.ef_construction
    t0 = time.perf_counter()
    findex.add(corpus)
    build = n / (time.perf_counter() - t0)
    per_vector = faiss.serialize_index(findex).size / n
    for ef in efs:
        findex.hnsw.efSearch = max(ef, 10)
        for q in queries[:20]:
            findex.search(q.reshape(1, -1), 10)
        found, p50, p99 = timed_queries(lambda q: findex.search(q.reshape(1, -1), 10)[1][0], queries)
        t0 = time.perf_counter_ns()
        findex.search(queries, 10)
        batched = (time.perf_counter_ns() - t0) / 1e6 / len(queries)
        print(f"| faiss {faiss.__version__} HNSWFlat | {build:.0f} | {per_vector:.0f} | {ef} | {recall(found, truth):.3f} | {p50:.3f} | {p99:.3f} | {batched:.3f} |")


if __name__ == "__main__":
    main()
