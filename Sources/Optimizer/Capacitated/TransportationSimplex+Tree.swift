/// The spanning-tree update of one pivot (Kelly & O'Neill 1991 thread bookkeeping, in the form
/// Kovács 2015 evaluates): the subtree below the leaving arc is re-hung from the entering arc,
/// reversing the "stem" path between the entering arc's inner node `uIn` and the leaving arc's
/// lower node `uOut`, with threads, subtree sizes and last successors patched along the way.
extension TransportationSimplex {
    /// Re-hangs the subtree cut off by the leaving arc below the entering arc.
    ///
    /// One function: the thread, parent, size and last-successor updates share the walk along the
    /// stem and its saved "before/after" positions; split, they would pass a dozen locals around.
    // Long because: the thread, parent, size and successor updates share one walk (see above).
    mutating func updateTree() {
        let oldReverseThread = Int(reverseThread[uOut])
        let oldSubtreeSize = subtreeSize[uOut]
        let oldLastSuccessor = Int(lastSuccessor[uOut])
        let vOut = Int(parent[uOut])
        if uIn == uOut {
            // The leaving arc is the one above uIn: only its parent changes.
            parent[uIn] = Int32(vIn)
            pred[uIn] = Int32(enteringArc)
            predDirection[uIn] = uIn == Int(arcTail[enteringArc]) ? 1 : -1
            if Int(thread[vIn]) != uOut {
                // Move uOut's thread segment right after vIn.
                var after = Int(thread[oldLastSuccessor])
                thread[oldReverseThread] = Int32(after)
                reverseThread[after] = Int32(oldReverseThread)
                after = Int(thread[vIn])
                thread[vIn] = Int32(uOut)
                reverseThread[uOut] = Int32(vIn)
                thread[oldLastSuccessor] = Int32(after)
                reverseThread[after] = Int32(oldLastSuccessor)
            }
        } else {
            // When the node before uOut in the thread is vIn, join and vOut coincide.
            let threadContinue = oldReverseThread == vIn ? Int(thread[oldLastSuccessor]) : Int(thread[vIn])
            var stem = uIn
            var parentOfStem = vIn
            var last = Int(lastSuccessor[uIn])
            var after = Int(thread[last])
            thread[vIn] = Int32(uIn)
            dirty.removeAll(keepingCapacity: true)
            dirty.append(Int32(vIn))
            while stem != uOut {
                // Thread the next stem node after the current stem's subtree.
                let nextStem = Int(parent[stem])
                thread[last] = Int32(nextStem)
                dirty.append(Int32(last))
                // Cut the stem's subtree out of its old place in the thread.
                let before = Int(reverseThread[stem])
                thread[before] = Int32(after)
                reverseThread[after] = Int32(before)
                parent[stem] = Int32(parentOfStem)
                parentOfStem = stem
                stem = nextStem
                last =
                    lastSuccessor[stem] == lastSuccessor[parentOfStem]
                    ? Int(reverseThread[parentOfStem]) : Int(lastSuccessor[stem])
                after = Int(thread[last])
                work += 1
            }
            parent[uOut] = Int32(parentOfStem)
            thread[last] = Int32(threadContinue)
            reverseThread[threadContinue] = Int32(last)
            lastSuccessor[uOut] = Int32(last)
            if oldReverseThread != vIn {
                thread[oldReverseThread] = Int32(after)
                reverseThread[after] = Int32(oldReverseThread)
            }
            for u in dirty { reverseThread[Int(thread[Int(u)])] = u }
            // Reverse pred, direction, sizes and last successors along the stem, from uOut to uIn.
            var size: Int32 = 0
            let stemLast = lastSuccessor[uOut]
            var u = uOut
            var p = Int(parent[u])
            while u != uIn {
                pred[u] = pred[p]
                predDirection[u] = -predDirection[p]
                size += subtreeSize[u] - subtreeSize[p]
                subtreeSize[u] = size
                lastSuccessor[p] = stemLast
                u = p
                p = Int(parent[u])
                work += 1
            }
            pred[uIn] = Int32(enteringArc)
            predDirection[uIn] = uIn == Int(arcTail[enteringArc]) ? 1 : -1
            subtreeSize[uIn] = oldSubtreeSize
        }
        // Last successors from vIn towards the root.
        let upLimit = Int(lastSuccessor[join]) == vIn ? join : -1
        let newLast = lastSuccessor[uOut]
        var u = vIn
        while u != -1 && Int(lastSuccessor[u]) == vIn {
            lastSuccessor[u] = newLast
            u = Int(parent[u])
            work += 1
        }
        // Last successors from vOut towards the root.
        if join != oldReverseThread && vIn != oldReverseThread {
            u = vOut
            while u != upLimit && Int(lastSuccessor[u]) == oldLastSuccessor {
                lastSuccessor[u] = Int32(oldReverseThread)
                u = Int(parent[u])
                work += 1
            }
        } else if Int(newLast) != oldLastSuccessor {
            u = vOut
            while u != upLimit && Int(lastSuccessor[u]) == oldLastSuccessor {
                lastSuccessor[u] = newLast
                u = Int(parent[u])
                work += 1
            }
        }
        // Subtree sizes on both paths to the join.
        u = vIn
        while u != join {
            subtreeSize[u] += oldSubtreeSize
            u = Int(parent[u])
        }
        u = vOut
        while u != join {
            subtreeSize[u] -= oldSubtreeSize
            u = Int(parent[u])
        }
    }

    /// Shifts the potentials of the re-hung subtree so the entering arc has reduced cost 0.
    mutating func updatePotential() {
        let sigma = potential[vIn] - potential[uIn] - Double(predDirection[uIn]) * arcCost[enteringArc]
        let end = Int(thread[Int(lastSuccessor[uIn])])
        var u = uIn
        while u != end {
            potential[u] += sigma
            u = Int(thread[u])
            work += 1
        }
    }

    /// Checks the tree invariants (for tests): every node but the root has a tree arc to its
    /// parent with zero reduced cost, the thread visits every node once in preorder, subtree sizes
    /// and last successors agree with the thread, flows are ≥ 0 and conserve the supplies.
    /// Returns a description of the first violation, or `nil`.
    func invariantViolation() -> String? {
        let nodeCount = dummyNode + 1
        let root = nodeCount
        var seen = [Bool](repeating: false, count: nodeCount + 1)
        var order: [Int] = []
        var u = root
        for _ in 0...nodeCount {
            guard !seen[u] else { return "thread revisits node \(u)" }
            seen[u] = true
            order.append(u)
            if Int(reverseThread[Int(thread[u])]) != u { return "reverse thread of \(thread[u]) is not \(u)" }
            u = Int(thread[u])
        }
        guard u == root else { return "thread does not return to the root" }
        var position = [Int](repeating: 0, count: nodeCount + 1)
        for (k, v) in order.enumerated() { position[v] = k }
        for v in 0..<nodeCount {
            let p = Int(parent[v])
            let e = Int(pred[v])
            guard p >= 0, e >= 0, inTree[e] else { return "node \(v) has no tree arc" }
            let (t, h) = (Int(arcTail[e]), Int(arcHead[e]))
            guard (predDirection[v] == 1 && t == v && h == p) || (predDirection[v] == -1 && t == p && h == v) else {
                return "tree arc of node \(v) does not join it to its parent"
            }
            if abs(reducedCost(e)) > 1e-6 * max(1, abs(arcCost[e])) {
                return "tree arc \(e) has reduced cost \(reducedCost(e))"
            }
            let size = Int(subtreeSize[v])
            let lastPosition = position[v] + size - 1
            guard lastPosition < order.count, Int(lastSuccessor[v]) == order[lastPosition] else {
                return "last successor of node \(v) disagrees with the thread"
            }
            guard position[p] < position[v] else { return "node \(v) comes before its parent in the thread" }
        }
        var balance = supply
        balance.append(0)
        for e in 0..<flow.count {
            guard flow[e] >= 0 else { return "arc \(e) has negative flow \(flow[e])" }
            balance[Int(arcTail[e])] -= flow[e]
            balance[Int(arcHead[e])] += flow[e]
        }
        for v in 0..<nodeCount where abs(balance[v]) > 1e-9 * max(1, abs(supply[v])) {
            return "flow is not conserved at node \(v) (off by \(balance[v]))"
        }
        return nil
    }
}
