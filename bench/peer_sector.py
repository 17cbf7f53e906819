#!/usr/bin/python3
"""peer_sector.py — the python3-igraph and python3-networkx peers of the sector figures.

    /usr/bin/python3 bench/peer_sector.py [--no-networkx] DIR

Reads DIR/sector_flow.bin, the flow graph that bench_sector built with
sector_flow_graph and gave dom_tree (node n is a virtual root with an edge to
every critical function; every other edge is a dependency of the sector map,
from -> to meaning from depends on to), DIR/sector_idom.bin (dom_tree's
answer) and DIR/queries.txt.  Formats in bench/README.md.  Then:

  igraph      builds a directed Graph from the flow graph's edges (untimed) and
              times g.dominator(root, mode="out"), best of 3.  Then deletes the
              root vertex (the last id, so the others keep theirs), which
              leaves exactly the sector map, and times g.subcomponent(v,
              mode="in") for every query node: every node that depends on v,
              transitively (redundancy ignored).  Best of 3 per node, median.
  networkx    builds a DiGraph from the same edges (untimed) and times
              networkx.immediate_dominators(G, root), best of up to 3 calls,
              no further call once the calls took NX_BUDGET_S.

Each dominator answer is compared with dom_tree's, entry by entry: a
benchmark that computes something else is no figure.  Python's cyclic
garbage collector is off for the whole run, as timeit does, so collections
of the millions of objects the graphs hold never land in a timed call.

Prints one JSON object on stdout.  Needs Debian's python3-igraph and
python3-networkx, which only the system interpreter sees: run it with
/usr/bin/python3.
"""
import gc
import json
import statistics
import struct
import sys
import time
from array import array

import igraph
import networkx

REPEAT = 3
NX_BUDGET_S = 30.0
DOM_NONE = 0xFFFFFFFF


def read_u32(data, offset, count):
    arr = array("I")
    arr.frombytes(data[offset:offset + 4 * count])
    if sys.byteorder != "little":
        arr.byteswap()
    return arr


def read_flow(d):
    with open(f"{d}/sector_flow.bin", "rb") as f:
        data = f.read()
    if data[:8] != b"SKJFLOW1":
        sys.exit("peer_sector: sector_flow.bin: not a bench_sector file")
    nn, mm, root, _ = struct.unpack("<IIII", data[8:24])
    frm = read_u32(data, 24, mm)
    to = read_u32(data, 24 + 4 * mm, mm)
    return nn, mm, root, frm, to


def read_idom(d, nn, root):
    with open(f"{d}/sector_idom.bin", "rb") as f:
        data = f.read()
    if data[:8] != b"SKJIDOM1":
        sys.exit("peer_sector: sector_idom.bin: not a bench_sector file")
    n2, root2 = struct.unpack("<II", data[8:16])
    if (n2, root2) != (nn, root):
        sys.exit("peer_sector: sector_idom.bin does not match sector_flow.bin")
    return read_u32(data, 16, nn)


def best_of(fn, repeat=REPEAT, budget=None):
    """(best seconds, number of calls, last result); stops early once budget seconds were spent."""
    best, result, spent, calls = None, None, 0.0, 0
    while calls < repeat and (budget is None or calls == 0 or spent < budget):
        result = None  # drop the previous answer before the next call
        t0 = time.perf_counter()
        result = fn()
        dt = time.perf_counter() - t0
        spent += dt
        calls += 1
        best = dt if best is None or dt < best else best
    return best, calls, result


def compare_igraph(dom, idom, root):
    """Entries where igraph's answer differs from dom_tree's (igraph: -1 at the root, nan when unreached)."""
    bad = 0
    for v, d in enumerate(dom):
        want = idom[v]
        if v == root:
            bad += d != -1
        elif want == DOM_NONE:
            bad += d == d  # nan != nan
        else:
            bad += d != d or int(d) != want
    return bad


def compare_networkx(nx_idom, idom):
    """Entries where networkx's answer (a dict over the reached nodes) differs from dom_tree's."""
    bad = sum(1 for v, d in nx_idom.items() if idom[v] != d)
    reached = sum(1 for d in idom if d != DOM_NONE)
    return bad + abs(reached - len(nx_idom))


def main():
    args = [a for a in sys.argv[1:] if a != "--no-networkx"]
    if len(args) != 1:
        sys.exit("usage: peer_sector.py [--no-networkx] DIR")
    d = args[0]
    gc.disable()
    out = {"peer_igraph": f"python3-igraph {igraph.__version__}",
           "peer_networkx": f"python3-networkx {networkx.__version__}"}

    t0 = time.perf_counter()
    nn, mm, root, frm, to = read_flow(d)
    idom = read_idom(d, nn, root)
    with open(f"{d}/queries.txt") as f:
        queries = [int(line) for line in f if line.strip()]
    out.update(nodes=nn, edges=mm, root=root, read_s=round(time.perf_counter() - t0, 3))

    # igraph: the dominator tree, then the outage peer on the map without the root.
    t0 = time.perf_counter()
    g = igraph.Graph(n=nn, edges=list(zip(frm, to)), directed=True)
    out["igraph_load_s"] = round(time.perf_counter() - t0, 3)
    dom_s, dom_calls, dom = best_of(lambda: g.dominator(root, mode="out"))
    out.update(igraph_dom_s=dom_s, igraph_dom_calls=dom_calls,
               igraph_dom_mismatches=compare_igraph(dom, idom, root))
    del dom
    if root != nn - 1:
        sys.exit("peer_sector: the root is not the last vertex")
    g.delete_vertices([root])
    times, sizes = [], []
    for v in queries:
        dt, _, comp = best_of(lambda v=v: g.subcomponent(v, mode="in"))
        times.append(dt)
        sizes.append(len(comp))
    out.update(outage_queries=len(queries), subcomponent_median_s=statistics.median(times),
               subcomponent_sizes=sizes, subcomponent_median_size=statistics.median(sizes),
               subcomponent_max_size=max(sizes))
    del g

    if "--no-networkx" not in sys.argv:
        t0 = time.perf_counter()
        G = networkx.DiGraph()
        G.add_nodes_from(range(nn))
        G.add_edges_from(zip(frm, to))
        out["networkx_load_s"] = round(time.perf_counter() - t0, 3)
        del frm, to
        nx_s, nx_calls, nx_idom = best_of(lambda: networkx.immediate_dominators(G, root), budget=NX_BUDGET_S)
        out.update(networkx_dom_s=nx_s, networkx_dom_calls=nx_calls,
                   networkx_dom_mismatches=compare_networkx(nx_idom, idom))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
