/// The subgradient loop of `FacilityLocationRun` with its Lagrangian heuristic.
extension FacilityLocationRun {
    /// Subgradient optimisation of `L(λ)` (Held, Wolfe & Crowder 1974) with the step rule of
    /// Beasley (1988, 1993): `t = π (UB − L(λ)) / ‖s‖²`, `λ_i += t s_i` (free: the relaxed
    /// constraints are equalities), π halved after 60 iterations without a new best value, stop
    /// when π < 0.002, the bound meets the incumbent, or the budget is spent.
    ///
    /// Lagrangian heuristic: every iteration's open set `{j : y_j = 1}` (every fourth iteration's
    /// for the single-assignment rules; it has enough capacity in all) is evaluated, four at a
    /// time in parallel; a set the rule cannot serve is
    /// repaired by opening the closed facilities of least `v_j(λ)` one by one (at most three).
    mutating func subgradient(_ lag: inout CapacitatedLagrangian, stepScale: Double, maxIterations: Int) {
        var pi = stepScale
        var stale = 0
        var roundBest = -Double.infinity
        var pending: [(set: [Int], repairs: [Int])] = []
        // A set costs one transportation problem under split, a whole GAP heuristic otherwise.
        let heuristicEvery = rule == .split ? 1 : 4
        for iteration in 0..<maxIterations {
            if outOfBudget() { break }
            let before = lag.work
            lag.evaluate()
            lagrangianWork += lag.work - before
            statistics.subgradientIterations += 1
            if lag.value > lowerBound {
                lowerBound = lag.value
                bestLambda = lag.lambda
            }
            if lag.value > roundBest + 1e-12 * max(1, abs(roundBest)) {
                roundBest = lag.value
                stale = 0
            } else {
                stale += 1
                if stale >= 60 {
                    pi /= 2
                    stale = 0
                }
            }
            if iteration % heuristicEvery == 0 { pending.append(lagrangianSet(lag)) }
            if pending.count == 4 || (iteration == 0 && !pending.isEmpty) {
                evaluateLagrangianSets(pending)
                pending.removeAll(keepingCapacity: true)
            }
            if closed || pi < 0.002 { break }
            var norm2 = 0.0
            for s in lag.subgradient { norm2 += s * s }
            guard norm2 > 0 else { break } // x(λ) serves every customer exactly: L(λ) is optimal
            // Polyak's target: the incumbent, but never more than twice the bound's size away
            // (the all-open start can be ten times the optimum).
            let target = min(best?.cost ?? .infinity, lag.value + max(abs(lag.value), 1))
            let step = pi * max(target - lag.value, 1e-6 * max(1, abs(target))) / norm2
            for i in 0..<instance.customerCount { lag.lambda[i] += step * lag.subgradient[i] }
        }
        if !pending.isEmpty { evaluateLagrangianSets(pending) }
    }

    /// The relaxation's open set and the three closed facilities of least `v_j` to repair it with.
    func lagrangianSet(_ lag: CapacitatedLagrangian) -> (set: [Int], repairs: [Int]) {
        var set: [Int] = []
        var repairs: [(Double, Int)] = []
        for j in 0..<instance.facilityCount {
            if lag.isOpen[j] {
                set.append(j)
            } else if instance.usableCapacity(j) > 0 {
                repairs.append((lag.facilityValues[j], j))
                if repairs.count > 3 {
                    repairs.sort { $0 < $1 }
                    repairs.removeLast()
                }
            }
        }
        repairs.sort { $0 < $1 }
        return (set, repairs.map(\.1))
    }

    /// Evaluates the heuristic's sets; infeasible ones get their repair facilities added one at a time.
    mutating func evaluateLagrangianSets(_ sets: [(set: [Int], repairs: [Int])]) {
        var current = sets
        for attempt in 0...3 {
            let values = search.evaluate(current.map(\.set))
            var retry: [(set: [Int], repairs: [Int])] = []
            for (value, entry) in zip(values, current) {
                if let value {
                    consider(value)
                } else if attempt < entry.repairs.count {
                    var set = entry.set
                    let add = entry.repairs[attempt]
                    set.insert(add, at: set.firstIndex { $0 > add } ?? set.count)
                    retry.append((set, entry.repairs))
                }
            }
            if retry.isEmpty { return }
            current = retry
        }
    }
}
