"""A small min-cost flow: the one flow primitive behind the project's allocations.

Used by the practice day's preference round (``practice_day.allocation``) and the peer
review allocation of the final assignment (``assignments.allocation``). Pure Python, no
database; integer capacities and costs.

Successive shortest paths with Bellman-Ford in its queue form (SPFA), so negative edge
costs are fine as long as the graph has no negative cycle (a bipartite graph whose edges
all point from source to sink never has one). Every augmentation is optimal for its flow
value, and the cost of the next augmenting path never decreases; that is what lets a
caller stop early at the first path that no longer pays.

Deterministic: edges are scanned in the order they were added, so the same graph built in
the same order always gives the same flow.
"""

from collections import deque


class MinCostFlow:
    __slots__ = ("to", "cap", "cost", "adj")

    def __init__(self, nodes):
        self.to, self.cap, self.cost = [], [], []
        self.adj = [[] for _ in range(nodes)]

    def add_edge(self, u, v, cap, cost):
        """Add an edge u -> v with capacity ``cap`` and cost per unit ``cost``; return its id."""
        edge = len(self.to)
        self.adj[u].append(edge)
        self.to.append(v)
        self.cap.append(cap)
        self.cost.append(cost)
        self.adj[v].append(edge + 1)
        self.to.append(u)
        self.cap.append(0)
        self.cost.append(-cost)
        return edge

    def flow_on(self, edge):
        """Units of flow that went through ``edge`` (an id from ``add_edge``)."""
        return self.cap[edge ^ 1]

    def shortest_path(self, source, sink):
        """The cheapest augmenting path: (its cost, its edge ids) or None when there is none."""
        n = len(self.adj)
        inf = float("inf")
        dist = [inf] * n
        via = [-1] * n
        queued = [False] * n
        dist[source] = 0
        queue = deque([source])
        queued[source] = True
        while queue:
            u = queue.popleft()
            queued[u] = False
            du = dist[u]
            for e in self.adj[u]:
                if self.cap[e] > 0:
                    v = self.to[e]
                    nd = du + self.cost[e]
                    if nd < dist[v]:
                        dist[v] = nd
                        via[v] = e
                        if not queued[v]:
                            queued[v] = True
                            queue.append(v)
        if dist[sink] == inf:
            return None
        path, v = [], sink
        while v != source:
            e = via[v]
            path.append(e)
            v = self.to[e ^ 1]
        return dist[sink], path

    def run(self, source, sink, *, only_paying=False):
        """Push flow from source to sink one unit at a time along the cheapest path.

        Without ``only_paying`` this is a minimum-cost maximum flow. With it, it stops at
        the first path whose cost is not negative: a maximum-weight flow when edge costs
        are negated weights. Returns the number of units pushed. Capacities along a path
        are decreased by one unit per step, which suits the small unit-capacity graphs the
        allocations build.
        """
        units = 0
        while True:
            found = self.shortest_path(source, sink)
            if found is None or (only_paying and found[0] >= 0):
                return units
            for e in found[1]:
                self.cap[e] -= 1
                self.cap[e ^ 1] += 1
            units += 1
