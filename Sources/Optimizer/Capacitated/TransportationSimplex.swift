/// Exact solver of the (unbalanced) transportation problem by the primal network simplex method:
///
///     min Σ_{(s,t)} u_st x_st   s.t.  Σ_t x_st ≤ a_s (sources),  Σ_s x_st = b_t (sinks),  x ≥ 0,
///
/// over a sparse set of arcs source → sink. Excess supply goes to a dummy sink at cost 0, so the
/// network is balanced; an artificial root with big-M arcs gives the first basis, and a solution
/// that still uses them means the sinks cannot all be served (Hall's condition fails on the sparse
/// arcs; the unmet amount is `shortfall`).
///
/// The method is the textbook one (Ahuja, Magnanti & Orlin 1993, ch. 11; the spanning-tree
/// bookkeeping of Kelly & O'Neill 1991 — parent, thread, reverse thread, subtree size and last
/// successor per node — as evaluated by Kovács 2015, "Minimum-cost flow algorithms: an experimental
/// evaluation", Optim. Methods Softw. 30): block-search pricing (blocks of √arcs), the strongly
/// feasible leaving-arc rule (Cunningham 1976) against cycling, and a crash start that pivots in
/// each sink's cheapest arc first. Every arc is uncapacitated, so non-tree arcs sit at 0.
///
/// At the optimum the node potentials give the duals: `α_t = π_t − π_dummy` (the cost of one more
/// unit of demand at sink `t`) and `β_s = π_s − π_dummy ≥ 0` (the price of source `s`'s
/// capacity), with `α_t − β_s ≤ u_st` on every arc and equality where flow is positive.
///
/// - Complexity: pivots are typically O(nodes) to a few times that; each costs O(√arcs) pricing
///   plus the size of the moved subtree. `work` counts the arcs priced and nodes visited.
struct TransportationSimplex {
    /// Outcome of `solve`.
    enum Status: Equatable {
        case optimal
        /// The sinks' demand cannot all be met; `shortfall` says how much is missing.
        case infeasible
    }

    // Problem: sinks 0..<sinkCount, sources sinkCount..<sinkCount+sourceCount, dummy sink, root.
    private(set) var sinkCount = 0
    private(set) var sourceCount = 0
    var supply: [Double] = []
    /// Arcs 0..<realArcCount are source → sink (and source → dummy); then one artificial arc per node.
    var arcTail: [Int32] = []
    var arcHead: [Int32] = []
    var arcCost: [Double] = []
    var flow: [Double] = []
    var inTree: [Bool] = []
    var realArcCount = 0

    // Spanning tree.
    var parent: [Int32] = []
    var pred: [Int32] = []
    /// +1 when the tree arc to the parent points up (node → parent), −1 when down.
    var predDirection: [Int8] = []
    var thread: [Int32] = []
    var reverseThread: [Int32] = []
    var subtreeSize: [Int32] = []
    var lastSuccessor: [Int32] = []
    var potential: [Double] = []
    var dirty: [Int32] = []

    // Pivot state.
    var enteringArc = 0
    var join = 0
    var uIn = 0
    var vIn = 0
    var uOut = 0
    var delta = 0.0
    var nextArc = 0
    var flowTolerance = 0.0
    var costTolerance = 0.0

    /// Arcs priced plus tree nodes visited, summed over every solve (a deterministic work measure).
    var work = 0
    /// Unmet demand of the last solve (0 when feasible).
    private(set) var shortfall = 0.0

    /// Starts a problem with the given sources (capacities `a_s ≥ 0`) and sinks (demands `b_t > 0`).
    mutating func reset(sourceSupplies: [Double], sinkDemands: [Double]) {
        sinkCount = sinkDemands.count
        sourceCount = sourceSupplies.count
        supply.removeAll(keepingCapacity: true)
        for b in sinkDemands { supply.append(-b) }
        supply.append(contentsOf: sourceSupplies)
        supply.append(0) // dummy sink, set in solve()
        arcTail.removeAll(keepingCapacity: true)
        arcHead.removeAll(keepingCapacity: true)
        arcCost.removeAll(keepingCapacity: true)
    }

    /// Adds an arc from source `s` to sink `t` (local indices) with unit cost `u ≥ 0`.
    @inline(__always) mutating func addArc(source s: Int, sink t: Int, unitCost u: Double) {
        arcTail.append(Int32(truncatingIfNeeded: sinkCount + s))
        arcHead.append(Int32(truncatingIfNeeded: t))
        arcCost.append(u)
    }

    /// Node id of source `s`, of the dummy sink.
    @inline(__always) func sourceNode(_ s: Int) -> Int { sinkCount + s }
    var dummyNode: Int { sinkCount + sourceCount }

    /// Dual of sink `t`'s demand: `α_t` (valid after an optimal solve).
    func sinkDual(_ t: Int) -> Double { potential[t] - potential[dummyNode] }
    /// Dual price of source `s`'s capacity: `β_s ≥ 0` (valid after an optimal solve).
    func sourceDual(_ s: Int) -> Double { potential[sourceNode(s)] - potential[dummyNode] }
    /// Number of arcs added with `addArc` (their flows are `flow[0 ..< addedArcCount]`).
    var addedArcCount: Int { realArcCount - sourceCount }

    /// Solves the problem set up by `reset` and `addArc`.
    mutating func solve() -> Status {
        let totalDemand = -supply[0..<sinkCount].reduce(0, +)
        let totalSupply = supply[sinkCount..<(sinkCount + sourceCount)].reduce(0, +)
        let added = arcTail.count
        // Source → dummy arcs take the excess supply at cost 0.
        for s in 0..<sourceCount {
            arcTail.append(Int32(truncatingIfNeeded: sinkCount + s))
            arcHead.append(Int32(truncatingIfNeeded: dummyNode))
            arcCost.append(0)
        }
        realArcCount = added + sourceCount
        flowTolerance = 1e-12 * max(1, totalDemand)
        let excess = totalSupply - totalDemand
        supply[dummyNode] = -max(0, excess)
        var maxCost = 0.0
        for c in arcCost { maxCost = max(maxCost, c) }
        costTolerance = 1e-10 * max(1, maxCost)
        buildInitialTree(artificialCost: (maxCost + 1) * Double(dummyNode + 2))
        crashStart(added: added)
        let blockSize = max(10, Int(Double(realArcCount).squareRoot().rounded(.up)))
        nextArc = 0
        while findEnteringArc(blockSize: blockSize) {
            pivot()
        }
        // Artificial arcs into sinks still carrying flow = demand that cannot be met.
        shortfall = 0
        for u in 0..<sinkCount where pred[u] >= Int32(realArcCount) { shortfall += max(0, flow[Int(pred[u])]) }
        if excess < 0 { shortfall = max(shortfall, -excess) }
        return shortfall > flowTolerance ? .infeasible : .optimal
    }

    /// The root, its artificial arcs and the star-shaped first tree (LEMON-style "EQ" start).
    private mutating func buildInitialTree(artificialCost: Double) {
        let nodeCount = dummyNode + 1
        let root = nodeCount
        let arcCount = realArcCount + nodeCount
        func sized<T>(_ a: inout [T], _ count: Int, _ value: T) {
            a.removeAll(keepingCapacity: true)
            a.append(contentsOf: repeatElement(value, count: count))
        }
        sized(&flow, arcCount, 0)
        sized(&inTree, arcCount, false)
        sized(&parent, nodeCount + 1, -1)
        sized(&pred, nodeCount + 1, -1)
        sized(&predDirection, nodeCount + 1, 0)
        sized(&thread, nodeCount + 1, 0)
        sized(&reverseThread, nodeCount + 1, 0)
        sized(&subtreeSize, nodeCount + 1, 1)
        sized(&lastSuccessor, nodeCount + 1, 0)
        sized(&potential, nodeCount + 1, 0)
        arcTail.removeSubrange(realArcCount...)
        arcHead.removeSubrange(realArcCount...)
        arcCost.removeSubrange(realArcCount...)
        thread[root] = 0
        reverseThread[0] = Int32(root)
        subtreeSize[root] = Int32(nodeCount + 1)
        lastSuccessor[root] = Int32(root - 1)
        for u in 0..<nodeCount {
            let e = realArcCount + u
            parent[u] = Int32(root)
            pred[u] = Int32(e)
            thread[u] = Int32(u + 1)
            reverseThread[u + 1] = Int32(u)
            lastSuccessor[u] = Int32(u)
            inTree[e] = true
            if supply[u] >= 0 {
                predDirection[u] = 1
                arcTail.append(Int32(u))
                arcHead.append(Int32(root))
                arcCost.append(0)
                flow[e] = supply[u]
            } else {
                predDirection[u] = -1
                potential[u] = artificialCost
                arcTail.append(Int32(root))
                arcHead.append(Int32(u))
                arcCost.append(artificialCost)
                flow[e] = -supply[u]
            }
        }
    }

    /// Pivots in each sink's cheapest incoming arc (a good first basis for transportation).
    private mutating func crashStart(added: Int) {
        var cheapest = [Int32](repeating: -1, count: sinkCount)
        for e in 0..<added {
            let t = Int(arcHead[e])
            if cheapest[t] < 0 || arcCost[e] < arcCost[Int(cheapest[t])] { cheapest[t] = Int32(e) }
        }
        work += added
        for e in cheapest where e >= 0 {
            enteringArc = Int(e)
            if reducedCost(enteringArc) < -costTolerance { pivot() }
        }
    }

    @inline(__always) func reducedCost(_ e: Int) -> Double {
        arcCost[e] + potential[Int(arcTail[e])] - potential[Int(arcHead[e])]
    }

    /// Block search (Grigoriadis 1986): scan arcs cyclically in blocks, take the most negative
    /// reduced cost of the first block that has one.
    private mutating func findEnteringArc(blockSize: Int) -> Bool {
        var best = -costTolerance
        var found = -1
        var count = blockSize
        let n = realArcCount
        var e = nextArc
        var scanned = 0
        while scanned < n {
            let c = reducedCost(e)
            if c < best {
                best = c
                found = e
            }
            scanned += 1
            e += 1
            if e == n { e = 0 }
            count -= 1
            if count == 0 {
                if found >= 0 { break }
                count = blockSize
            }
        }
        work += scanned
        guard found >= 0 else { return false }
        enteringArc = found
        nextArc = e
        return true
    }

    /// One pivot on `enteringArc`: find the cycle, push flow, exchange the arcs, fix potentials.
    private mutating func pivot() {
        findJoinNode()
        findLeavingArc()
        changeFlow()
        updateTree()
        updatePotential()
    }

    private mutating func findJoinNode() {
        var u = Int(arcTail[enteringArc])
        var v = Int(arcHead[enteringArc])
        while u != v {
            if subtreeSize[u] < subtreeSize[v] { u = Int(parent[u]) } else { v = Int(parent[v]) }
            work += 1
        }
        join = u
    }

    /// The strongly feasible rule: the last blocking arc met when walking the cycle in the
    /// direction of flow from the join node (ties on the second side win).
    private mutating func findLeavingArc() {
        let first = Int(arcTail[enteringArc])
        let second = Int(arcHead[enteringArc])
        delta = .infinity
        var side = 0
        // From the entering arc's tail up to the join, flow runs downwards: upward arcs lose flow.
        var u = first
        while u != join {
            if predDirection[u] == 1 {
                let d = max(0, flow[Int(pred[u])])
                if d < delta {
                    delta = d
                    uOut = u
                    side = 1
                }
            }
            u = Int(parent[u])
            work += 1
        }
        // From the head up to the join, flow runs upwards: downward arcs lose flow.
        u = second
        while u != join {
            if predDirection[u] == -1 {
                let d = max(0, flow[Int(pred[u])])
                if d <= delta {
                    delta = d
                    uOut = u
                    side = 2
                }
            }
            u = Int(parent[u])
            work += 1
        }
        // No blocking arc would mean an unbounded problem, impossible with costs ≥ 0 (every cycle
        // of the network passes through an arc into a sink, which can only lose flow).
        precondition(side != 0, "transportation simplex: unbounded cycle")
        if side == 1 {
            uIn = first
            vIn = second
        } else {
            uIn = second
            vIn = first
        }
    }

    private mutating func changeFlow() {
        if delta > 0 {
            flow[enteringArc] += delta
            var u = Int(arcTail[enteringArc])
            while u != join {
                let e = Int(pred[u])
                flow[e] -= Double(predDirection[u]) * delta
                if abs(flow[e]) < flowTolerance { flow[e] = 0 }
                u = Int(parent[u])
            }
            u = Int(arcHead[enteringArc])
            while u != join {
                let e = Int(pred[u])
                flow[e] += Double(predDirection[u]) * delta
                if abs(flow[e]) < flowTolerance { flow[e] = 0 }
                u = Int(parent[u])
            }
        }
        inTree[enteringArc] = true
        inTree[Int(pred[uOut])] = false
    }
}
