"""Reference network computation for scripts/bench-metrics.sh: the last month's components,
average degree, largest component share, mean two-hop reach and cross-department share of new
ties, with python-igraph and with networkx, from the same ties file, timed including graph build.

Usage: python3 network_reference.py TIES.csv LAST_MONTH(YYYY-MM) [igraph|networkx]
TIES.csv columns: a,b,month,crosses (month of the pair's first session; crosses t/f/empty).
"""
import csv
import sys
import time


def load(path, last):
    ties, month_ties = [], []
    with open(path, newline="") as handle:
        for row in csv.DictReader(handle):
            if row["month"] <= last:
                ties.append((row["a"], row["b"]))
                if row["month"] == last:
                    month_ties.append(row["crosses"])
    return ties, month_ties


def cross_share(month_ties):
    known = [c for c in month_ties if c in ("t", "f")]
    return sum(1 for c in known if c == "t") / len(known) if known else None


def with_igraph(ties):
    import igraph
    graph = igraph.Graph.TupleList(ties, directed=False)
    components = graph.connected_components()
    nodes = graph.vcount()
    reach = graph.neighborhood_size(order=2)
    return {
        "components": len(components),
        "largest_component_share": max(components.sizes()) / nodes,
        "avg_degree": 2 * graph.ecount() / nodes,
        "mean_two_hop_reach": (sum(reach) - nodes) / nodes,
    }


def with_networkx(ties):
    import networkx
    graph = networkx.Graph()
    graph.add_edges_from(ties)
    components = list(networkx.connected_components(graph))
    nodes = graph.number_of_nodes()
    total = 0
    for node in graph:
        seen = set(graph[node])
        for neighbour in graph[node]:
            seen.update(graph[neighbour])
        seen.discard(node)
        total += len(seen)
    return {
        "components": len(components),
        "largest_component_share": max(len(c) for c in components) / nodes,
        "avg_degree": 2 * graph.number_of_edges() / nodes,
        "mean_two_hop_reach": total / nodes,
    }


def main():
    path, last, library = sys.argv[1], sys.argv[2], sys.argv[3]
    start = time.perf_counter()
    ties, month_ties = load(path, last)
    figures = (with_igraph if library == "igraph" else with_networkx)(ties)
    figures["cross_department_share"] = cross_share(month_ties)
    elapsed = time.perf_counter() - start
    print(f"{elapsed:.3f} {figures}")


main()
