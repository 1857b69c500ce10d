import Support
import Testing

@testable import Optimizer

/// The reference optimum of a small instance by enumerating every subset of the free columns.
struct BruteForceOptimum {
    /// Optimal objective value (cost or covered weight); `nil` when infeasible.
    let value: Double?
    /// One optimal subset (free columns), ascending.
    let columns: [Int]
}

/// Deterministic draws for test instances: Support's `SplitMix64` with integer and coin helpers.
struct TestRandom {
    var generator: SplitMix64
    init(seed: UInt64) { generator = SplitMix64(seed: seed) }
    mutating func next() -> UInt64 { generator.next() }
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }
    mutating func chance(_ p: Double) -> Bool { generator.nextUnit() < p }
}

/// Enumerates all 2^n subsets of the free columns (n ≤ 16) and returns the best feasible one
/// under exactly the semantics of `CoveringObjective`: fixed columns on at cost 0, must rows
/// covered, weight target with the solver's tolerance of 1e-9 × total weight.
///
/// - Parameter conflict: when given, a subset is feasible only if no two of its columns, and no
///   column of it and a fixed column, conflict (the test's own model of the packing constraints,
///   independent of `ColumnPacking`).
func bruteForce(_ instance: CoveringInstance, _ objective: CoveringObjective, conflict: ((Int, Int) -> Bool)? = nil)
    -> BruteForceOptimum
{
    let free = (0..<instance.columnCount).filter { !instance.fixedColumns.contains($0) }
    precondition(free.count <= 16, "brute force is for tiny instances")
    let m = instance.rowCount
    let tolerance = 1e-9 * max(1, instance.totalWeight)
    var fixedCount = [Int](repeating: 0, count: m)
    for j in instance.fixedColumns { for r in instance.rows(ofColumn: j) { fixedCount[Int(r)] += 1 } }
    var mustRows = Set(instance.mustCoverRows)
    if case .setCover = objective { mustRows = Set(0..<m) }
    var bestValue: Double?
    var bestSet: [Int] = []
    for mask in 0..<(1 << free.count) {
        var counts = fixedCount
        var cost = 0.0
        var chosen: [Int] = []
        for (bit, j) in free.enumerated() where mask & (1 << bit) != 0 {
            chosen.append(j)
            cost += instance.costs[j]
            for r in instance.rows(ofColumn: j) { counts[Int(r)] += 1 }
        }
        if let conflict {
            let others = chosen + instance.fixedColumns
            let clash = chosen.enumerated().contains { a, j in
                others.enumerated().contains { b, k in (b > a || b >= chosen.count) && conflict(j, k) }
            }
            if clash { continue }
        }
        if mustRows.contains(where: { counts[$0] == 0 }) { continue }
        var covered = 0.0
        for i in 0..<m where counts[i] > 0 { covered += instance.weights[i] }
        switch objective {
        case .setCover:
            if bestValue == nil || cost < bestValue! - 1e-9 {
                bestValue = cost
                bestSet = chosen
            }
        case .partialCover(let t):
            guard covered >= t * instance.totalWeight - tolerance else { continue }
            if bestValue == nil || cost < bestValue! - 1e-9 {
                bestValue = cost
                bestSet = chosen
            }
        case .maxCoverage(let k, let budget):
            if let k, chosen.count > k { continue }
            if let budget, cost > budget + 1e-9 * max(1, instance.costs.max() ?? 1) { continue }
            if bestValue == nil || covered > bestValue! + 1e-9 {
                bestValue = covered
                bestSet = chosen
            }
        }
    }
    return BruteForceOptimum(value: bestValue, columns: bestSet)
}

/// A random small instance: 1–16 rows, 1–12 columns, integer costs and weights, sometimes
/// fixed columns and must-cover rows.
func randomSmallInstance(_ random: inout TestRandom, maxColumns: Int = 12, withExtras: Bool = true) -> CoveringInstance?
{
    let m = random.int(1...16)
    let n = random.int(1...maxColumns)
    let density = Double(random.int(10...60)) / 100
    var columns: [[Int]] = []
    for _ in 0..<n {
        var rows: [Int] = []
        for i in 0..<m where random.chance(density) { rows.append(i) }
        columns.append(rows)
    }
    let costs = (0..<n).map { _ in Double(random.int(0...20) == 0 ? 0 : random.int(1...30)) }
    let weights = (0..<m).map { _ in Double(random.int(0...9) == 0 ? 0 : random.int(1...50)) }
    var fixed: [Int] = []
    var must: [Int] = []
    if withExtras {
        if random.chance(0.3) { fixed = (0..<random.int(1...2)).map { _ in random.int(0...(n - 1)) } }
        if random.chance(0.4) { must = (0..<random.int(1...3)).map { _ in random.int(0...(m - 1)) } }
    }
    return try? CoveringInstance(
        rowCount: m, columns: columns, costs: costs, weights: weights,
        fixedColumns: fixed, mustCoverRows: must)
}

/// `solveCovering` with the consistency checks after every phase (`PhaseChecks`: the working state
/// recomputed from scratch, the phase's selection feasible); every violation is recorded as an issue
/// of the calling test. The result is the one `solveCovering` gives.
func checkedSolve(
    _ instance: CoveringInstance, objective: CoveringObjective, options: SolverOptions = SolverOptions(),
    sourceLocation: SourceLocation = #_sourceLocation
) throws(OptimizerError) -> CoveringSolution {
    var checks: PhaseChecks? = PhaseChecks()
    defer {
        for violation in checks?.violations ?? [] {
            Issue.record("\(objective): \(violation)", sourceLocation: sourceLocation)
        }
    }
    return try solveCovering(instance, objective: objective, options: options, checks: &checks)
}
