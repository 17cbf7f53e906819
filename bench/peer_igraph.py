#!/usr/bin/python3
"""peer_igraph.py — the python3-igraph peer for bench/run.

    /usr/bin/python3 bench/peer_igraph.py DIR

Loads DIR/nodes.bin, DIR/edges.bin and DIR/queries.txt (written by
bench_gen; formats in bench/README.md) into one directed igraph Graph, with
edges from -> to (from depends on to), untimed.  Then times:

  derivation peer  one multi-source breadth-first search from every process:
                   a virtual root vertex (id n) gets an edge to each process
                   while the graph is built (untimed), and g.bfs(root,
                   mode="out") walks everything the processes depend on,
                   transitively.  Best of 3 calls.
  impact peer      g.subcomponent(v, mode="in") for each query node v: every
                   node that depends on v, transitively (redundancy ignored,
                   so it is an upper bound on what fails).  Best of 3 calls
                   per node, median over the nodes.

Prints one JSON object on stdout.  Needs Debian's python3-igraph, which only
the system interpreter sees: run it with /usr/bin/python3.
"""
import json
import statistics
import struct
import sys
import time
from array import array

import igraph

REPEAT = 3
PROCESS = 0


def read_bin(path, magic):
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != magic:
        sys.exit(f"peer_igraph: {path}: not a bench_gen file")
    a, b = struct.unpack("<II", data[8:16])
    return data, a, b


def u32(data, offset, count):
    arr = array("I")
    arr.frombytes(data[offset:offset + 4 * count])
    if sys.byteorder != "little":
        arr.byteswap()
    return arr


def best_of(fn, repeat=REPEAT):
    best, result = None, None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        dt = time.perf_counter() - t0
        best = dt if best is None or dt < best else best
    return best, result


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: peer_igraph.py DIR")
    d = sys.argv[1]
    t_load = time.perf_counter()
    nodes, n, _norgs = read_bin(f"{d}/nodes.bin", b"SKJNODE1")
    kind = nodes[16:16 + n]
    edges, m, n2 = read_bin(f"{d}/edges.bin", b"SKJEDGE1")
    if n2 != n:
        sys.exit("peer_igraph: edges.bin does not match nodes.bin")
    frm = u32(edges, 16, m)
    to = u32(edges, 16 + 4 * m, m)
    del edges
    with open(f"{d}/queries.txt") as f:
        queries = [int(line) for line in f if line.strip()]

    root = n
    processes = [v for v in range(n) if kind[v] == PROCESS]
    edge_list = list(zip(frm, to))
    edge_list.extend((root, p) for p in processes)
    del frm, to
    g = igraph.Graph(n=n + 1, edges=edge_list, directed=True)
    del edge_list
    load_s = time.perf_counter() - t_load

    bfs_s, (vids, _layers, _parents) = best_of(lambda: g.bfs(root, mode="out"))
    reached = len(vids) - 1  # the root is not a map node

    times, sizes = [], []
    for v in queries:
        dt, comp = best_of(lambda v=v: g.subcomponent(v, mode="in"))
        times.append(dt)
        sizes.append(len(comp))

    print(json.dumps({
        "peer": f"python3-igraph {igraph.__version__}",
        "nodes": n,
        "edges": m,
        "processes": len(processes),
        "load_s": round(load_s, 3),
        "bfs_s": bfs_s,
        "bfs_reached": reached,
        "impact_queries": len(queries),
        "impact_median_s": statistics.median(times),
        "impact_median_size": statistics.median(sizes),
        "impact_mean_size": sum(sizes) / len(sizes),
        "impact_max_size": max(sizes),
    }))


if __name__ == "__main__":
    main()
