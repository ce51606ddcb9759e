#!/usr/bin/env python3
"""Extracts a directory of briefs on Apache Spark, then merges the shards.

    python3 examples/spark/extract_corpus.py BRIEFS_DIR OUT_DIR \
        [--master local[2]] [--partitions N] [--briefgraph target/release/briefgraph]

The map step: Spark reads the briefs as (path, text) pairs, and each
partition pipes its documents, one JSON line each ({"id", "text", "file"}),
through `briefgraph extract --jsonl`, which answers with one graph per line;
the lines are saved as text shards (OUT_DIR/shards/part-*). The reduce step:
`briefgraph merge` of the shards (renamed *.jsonl) writes OUT_DIR/graph.json.
Merging is commutative and associative, so the result does not depend on how
Spark split the corpus: it equals `briefgraph merge` of per-brief `extract`
outputs made from BRIEFS_DIR, byte for byte.

The briefgraph binary is shipped to the executors with SparkContext.addFile,
so the same job runs on a cluster: submit it with
`spark-submit --master yarn|spark://HOST:7077|k8s://... examples/spark/extract_corpus.py
hdfs:///briefs /local/out --partitions 200`; the shards are then written where
OUT_DIR/shards points (use an hdfs:// or s3a:// OUT_DIR and fetch them with
`hdfs dfs -get` before merging), and the merge runs where the shards are.
"""
import argparse
import glob
import json
import os
import subprocess
import sys


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("briefs", help="directory of briefs (*.txt, *.md)")
    ap.add_argument("out", help="output directory (shards/ and graph.json)")
    ap.add_argument("--master", default="local[2]", help="Spark master (default local[2])")
    ap.add_argument("--partitions", type=int, default=2, help="how many map tasks")
    ap.add_argument("--briefgraph", default=os.environ.get("BRIEFGRAPH", "briefgraph"),
                    help="the briefgraph binary (default $BRIEFGRAPH or briefgraph on PATH)")
    args = ap.parse_args()

    binary = os.path.abspath(args.briefgraph) if os.path.exists(args.briefgraph) else args.briefgraph
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark import SparkFiles
    from pyspark.sql import SparkSession

    spark = (SparkSession.builder.master(args.master).appName("briefgraph-extract")
             .config("spark.ui.enabled", "false")
             .config("spark.driver.bindAddress", "127.0.0.1")
             .config("spark.driver.host", "127.0.0.1")
             .getOrCreate())
    sc = spark.sparkContext
    sc.setLogLevel("ERROR")
    sc.addFile(binary)
    name = os.path.basename(binary)
    root = os.path.abspath(args.briefs)

    def document(pair):
        path, text = pair
        base = path.rsplit("/", 1)[-1]
        stem = base.rsplit(".", 1)[0] if "." in base else base
        # `file` as `briefgraph extract NAME` run in BRIEFS_DIR records it.
        return json.dumps({"id": stem or "brief", "text": text, "file": base}, ensure_ascii=False)

    def extract(docs):
        docs = list(docs)
        if not docs:
            return iter(())
        exe = SparkFiles.get(name)
        os.chmod(exe, 0o755)
        run = subprocess.run([exe, "extract", "--jsonl"], input="\n".join(docs) + "\n",
                             capture_output=True, text=True)
        if run.returncode != 0:
            raise RuntimeError(f"briefgraph extract --jsonl failed: {run.stderr}")
        return iter(run.stdout.splitlines())

    texts = sc.wholeTextFiles(",".join(
        f"{root}/*.{ext}" for ext in ("txt", "md") if glob.glob(f"{root}/*.{ext}")),
        minPartitions=args.partitions)
    shards = os.path.join(os.path.abspath(args.out), "shards")
    n = args.partitions
    # Deal the documents round-robin over the partitions (small files would
    # otherwise land in one), pipe each partition through the binary.
    (texts.map(document).zipWithIndex().map(lambda p: (p[1] % n, p[0]))
     .partitionBy(n, lambda k: k).values()
     .mapPartitions(extract).saveAsTextFile(shards))
    spark.stop()

    # The reduce: merge reads *.jsonl as one graph per line.
    parts = []
    for part in sorted(glob.glob(os.path.join(shards, "part-*"))):
        if not part.endswith(".jsonl"):
            os.rename(part, part + ".jsonl")
            part += ".jsonl"
        parts.append(part)
    subprocess.run([binary, "merge", *parts, "-o", os.path.join(args.out, "graph.json")], check=True)


if __name__ == "__main__":
    main()
