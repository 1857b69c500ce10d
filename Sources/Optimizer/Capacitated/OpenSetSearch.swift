import Support

/// Evaluation of open sets in deterministic parallel batches (with a cache), and the local search
/// over open sets: **open** a facility, **close** one, or **swap** one for another.
///
/// Moves are ranked by estimates from the duals of the current set's transportation problem
/// (`SplitAssignment`: `α_i` per customer, capacity prices `β_j`) — the Lagrangian information
/// of the current solution — and the best-ranked ones are evaluated exactly, `batchSize` at a time
/// in parallel; the best improving move of the first batch that has one is applied:
///
/// - close `j`: `Δ ≈ −f_j + Σ_i x_ij (min_{l open, l≠j} (c_il + β_l d_i) − (c_ij + β_j d_i))`;
/// - open `k`: `Δ ≈ f_k − G_k`, `G_k` the continuous knapsack of the savings `α_i d_i − c_ik > 0`
///   (weights `d_i`, capacity `s̄_k`) — the same knapsack as the Lagrangian's;
/// - swap `j` out, `k` in: the sum of the two (for the 40 best `k` and every `j`).
///
/// The estimates only order the evaluations; acceptance is on exact costs, so the result is a
/// local optimum with respect to every move evaluated. Batches are fixed-size and results are
/// combined in candidate order, so the search does not depend on the thread count.
struct OpenSetSearch {
    let instance: FacilityLocationInstance
    let rule: AssignmentRule
    let parallel: Parallel
    let clock: SolveClock
    /// The search stops its loops once its own work reaches this (set by the caller from the budget).
    var workLimit = Double.infinity
    static let batchSize = 8
    private var slots: [OpenSetEvaluator]
    private var pricing: SplitAssignment
    private var knapsack = PackingKnapsack()
    /// Each open set evaluated, by Zobrist hash: its value, or its violation when infeasible.
    private var cache: [UInt64: (value: OpenSetValue?, violation: Double)] = [:]
    private let keys: [UInt64]
    private var pricingWork = 0
    private(set) var moves = 0

    init(instance: FacilityLocationInstance, rule: AssignmentRule, parallel: Parallel, clock: SolveClock) {
        self.instance = instance
        self.clock = clock
        self.rule = rule
        self.parallel = parallel
        slots = Array(repeating: OpenSetEvaluator(instance, rule: rule), count: Self.batchSize)
        pricing = SplitAssignment(instance)
        var random = RandomSource(seed: 0x5EED_F00D)
        keys = (0..<instance.facilityCount).map { _ in random.next() }
    }

    /// Deterministic work of every evaluation and pricing so far.
    var work: Int { slots.reduce(0) { $0 + $1.work } + pricing.work + pricingWork + knapsack.work }
    /// True when the work limit is reached or the wall-clock safety net fired.
    var exhausted: Bool { Double(work) >= workLimit || clock.expired }

    /// Open sets evaluated (cache hits excluded).
    var evaluations: Int { slots.reduce(0) { $0 + $1.evaluations } }

    func hash(_ open: [Int]) -> UInt64 { open.reduce(0) { $0 ^ keys[$1] } }

    /// Evaluates open sets (each ascending), in parallel batches; cached sets are not re-solved.
    mutating func evaluate(_ sets: [[Int]]) -> [OpenSetValue?] { evaluateWithViolation(sets).map(\.value) }

    /// Evaluates open sets and says how far each infeasible one is from feasible.
    mutating func evaluateWithViolation(_ sets: [[Int]]) -> [(value: OpenSetValue?, violation: Double)] {
        var results = [(value: OpenSetValue?, violation: Double)?](repeating: nil, count: sets.count)
        var pending: [Int] = []
        for (index, set) in sets.enumerated() {
            if let hit = cache[hash(set)] { results[index] = hit } else { pending.append(index) }
        }
        var start = 0
        while start < pending.count {
            let batch = Array(pending[start..<min(pending.count, start + Self.batchSize)])
            let inst = instance
            let values: [(value: OpenSetValue?, violation: Double)] = slots.withUnsafeMutableBufferPointer { scratch in
                let box = UncheckedBox(scratch)
                return parallel.map((0..<batch.count).map { $0..<($0 + 1) }, work: .max) { range in
                    let value = box.value[range.lowerBound].evaluate(inst, open: sets[batch[range.lowerBound]])
                    return (value, box.value[range.lowerBound].violation)
                }
            }
            for (slot, index) in batch.enumerated() {
                results[index] = values[slot]
                cache[hash(sets[index])] = values[slot]
                if let value = values[slot].value { cache[hash(value.open)] = values[slot] }
            }
            start += Self.batchSize
        }
        return results.map { $0! }
    }

    /// Searches for a feasible set from an infeasible one by opening or closing one facility at a
    /// time, minimising the violation (a tabu search, Glover 1989): every step takes the toggle
    /// that leaves the least violation among facilities not toggled in the last `tenure` steps,
    /// even when that is no better (closing an overloaded facility may push its customers onto
    /// another small one first); stops at the first feasible set — the cheapest feasible toggle of
    /// that step — or after `2n` steps without a new least violation.
    mutating func repair(_ start: [Int]) -> OpenSetValue? {
        let n = instance.facilityCount
        var current = start
        guard var leastViolation = evaluateWithViolation([start]).first?.violation else { return nil }
        let tenure = min(7, max(1, n / 3))
        var lastToggled = [Int](repeating: -n - 1, count: n)
        var sinceBest = 0
        var step = 0
        while sinceBest < 2 * n {
            if exhausted { return nil }
            let open = Set(current)
            var candidates: [[Int]] = []
            var toggled: [Int] = []
            for j in 0..<n where step - lastToggled[j] > tenure {
                if open.contains(j) {
                    if !instance.alwaysOpenFlags[j] { candidates.append(current.filter { $0 != j }) } else { continue }
                } else if instance.usableCapacity(j) > 0 {
                    candidates.append((current + [j]).sorted())
                } else {
                    continue
                }
                toggled.append(j)
            }
            guard !candidates.isEmpty else { return nil }
            let results = evaluateWithViolation(candidates)
            if let feasible = results.compactMap(\.value).min(by: { $0.cost < $1.cost }) { return feasible }
            var pick = 0
            for k in 1..<results.count where results[k].violation < results[pick].violation { pick = k }
            current = candidates[pick]
            lastToggled[toggled[pick]] = step
            step += 1
            if results[pick].violation < leastViolation * (1 - 1e-12) {
                leastViolation = results[pick].violation
                sinceBest = 0
            } else {
                sinceBest += 1
            }
        }
        return nil
    }

    /// A move on the current open set.
    private struct Move {
        var estimate: Double
        var close: Int // −1 for none
        var open: Int // −1 for none
    }

    /// Local search from `start` until no evaluated move improves, `maxSteps` moves, or `exhausted`.
    mutating func improve(_ start: OpenSetValue, maxSteps: Int, candidatesPerStep: Int) -> OpenSetValue {
        var current = start
        let tolerance = 1e-9 * max(1, abs(start.cost))
        for _ in 0..<maxSteps {
            if exhausted { break }
            let candidates = rankedMoves(current.open)
            var next: OpenSetValue?
            var offset = 0
            let limit = min(candidates.count, candidatesPerStep)
            while offset < limit, next == nil {
                let batch = candidates[offset..<min(limit, offset + Self.batchSize)]
                let values = evaluate(batch.map { apply($0, to: current.open) })
                for value in values {
                    if let value, value.cost < (next?.cost ?? current.cost - tolerance) { next = value }
                }
                offset += Self.batchSize
                if exhausted { break }
            }
            guard let next else { break }
            current = next
            moves += 1
        }
        return current
    }

    private func apply(_ move: Move, to open: [Int]) -> [Int] {
        var set = open
        if move.close >= 0 { set.removeAll { $0 == move.close } }
        if move.open >= 0 {
            let at = set.firstIndex { $0 > move.open } ?? set.count
            set.insert(move.open, at: at)
        }
        return set
    }

    /// Every open, close and swap move (swaps with the 40 best-estimated openings), by estimate.
    private mutating func rankedMoves(_ open: [Int]) -> [Move] {
        let n = instance.facilityCount
        var isOpen = [Bool](repeating: false, count: n)
        for j in open { isOpen[j] = true }
        var capacity = 0.0
        for j in open { capacity += instance.usableCapacity(j) }
        // Without assignment costs the duals are 0 (every feasible flow is optimal): the estimates
        // reduce to the fixed costs, and the transportation problem is not solved.
        let priced = !instance.assignmentCostsAreZero
        if priced { guard pricing.solve(instance, open: open) != nil else { return [] } }
        var beta = [Double](repeating: 0, count: n)
        var alpha = [Double](repeating: 0, count: instance.customerCount)
        let fractions = priced ? pricing.entryFractions(instance) : []
        if priced {
            for (s, j) in open.enumerated() { beta[j] = pricing.capacityPrice(ofOpen: s) }
            for i in 0..<instance.customerCount { alpha[i] = pricing.demandDual(ofCustomer: i) * instance.demands[i] }
        }
        // Closing: the customers of j move to their cheapest other open facility at its price.
        var closeEstimate = [Double](repeating: .infinity, count: n)
        for j in open where !instance.alwaysOpenFlags[j] {
            closeEstimate[j] = -instance.fixedCosts[j]
        }
        for i in 0..<instance.customerCount where priced {
            let d = instance.demands[i]
            var first = Double.infinity
            var firstFacility = -1
            var second = Double.infinity
            for k in instance.entries(ofCustomer: i) where isOpen[Int(instance.customerFacilities[k])] {
                let j = Int(instance.customerFacilities[k])
                let price = instance.assignmentCosts[k] + beta[j] * d
                if price < first {
                    second = first
                    first = price
                    firstFacility = j
                } else if price < second {
                    second = price
                }
            }
            for k in instance.entries(ofCustomer: i) where fractions[k] > 0 {
                let j = Int(instance.customerFacilities[k])
                guard closeEstimate[j].isFinite else { continue }
                let alternative = j == firstFacility ? second : first
                let here = instance.assignmentCosts[k] + beta[j] * d
                closeEstimate[j] += fractions[k] * (alternative - here)
            }
        }
        pricingWork += 2 * instance.entryCount
        // Opening: the knapsack of savings against the current duals.
        var openEstimate = [Double](repeating: .infinity, count: n)
        for k in 0..<n where !isOpen[k] && instance.usableCapacity(k) > 0 {
            knapsack.removeAll()
            for p in instance.facilityStarts[k]..<instance.facilityStarts[k + 1] {
                let i = Int(instance.facilityCustomers[p])
                let saving = alpha[i] - instance.assignmentCosts[instance.facilityEntries[p]]
                if saving > 0 { knapsack.add(profit: saving, weight: instance.demands[i], id: i) }
            }
            openEstimate[k] =
                instance.fixedCosts[k] - knapsack.solveContinuous(capacity: instance.usableCapacity(k)).value
        }
        var moves: [Move] = []
        for k in 0..<n where openEstimate[k].isFinite {
            moves.append(Move(estimate: openEstimate[k], close: -1, open: k))
        }
        let needed = instance.totalDemand * (1 - 1e-12)
        for j in open where closeEstimate[j].isFinite && capacity - instance.usableCapacity(j) >= needed {
            moves.append(Move(estimate: closeEstimate[j], close: j, open: -1))
        }
        let bestOpenings = (0..<n).filter { openEstimate[$0].isFinite }.sorted {
            (openEstimate[$0], $0) < (openEstimate[$1], $1)
        }.prefix(40)
        for j in open where closeEstimate[j].isFinite {
            for k in bestOpenings
            where capacity - instance.usableCapacity(j) + instance.usableCapacity(k) >= needed {
                moves.append(Move(estimate: closeEstimate[j] + openEstimate[k], close: j, open: k))
            }
        }
        moves.sort { ($0.estimate, $0.close, $0.open) < ($1.estimate, $1.close, $1.open) }
        return moves
    }
}
