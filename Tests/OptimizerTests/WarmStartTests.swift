import Foundation
import Testing

@testable import Optimizer

/// The warm start of the global bound from spatial blocks (`MinCostHeuristic.blockMultipliers`).
/// City-scale only by default; here forced on small grids whose rows are in raster order, like a
/// plan's cells, and whose columns are discs (a site and the cells it serves).
@Suite("Warm start from spatial blocks")
struct WarmStartTests {
    /// A `width × height` grid of rows (raster order) and discs of radius 1.5–3.5 cells; every row
    /// is in some disc (single-cell columns fill gaps). Costs in cents, weights 0–40.
    static func grid(_ random: inout TestRandom, width: Int, height: Int, discs: Int) throws -> CoveringInstance {
        var columns: [[Int]] = []
        var covered = [Bool](repeating: false, count: width * height)
        for _ in 0..<discs {
            let rows = DiscGrid.randomDisc(
                &random, width: width, height: height, radiusTenths: 15...35, cellOffset: 0.5)
            guard !rows.isEmpty else { continue }
            for i in rows { covered[i] = true }
            columns.append(rows)
        }
        for i in 0..<covered.count where !covered[i] { columns.append([i]) }
        let costs = columns.map { Double(random.int(100...400)) / 100 + Double($0.count) / 20 }
        let weights = (0..<(width * height)).map { _ in Double(random.int(0...40)) }
        return try CoveringInstance(rowCount: width * height, columns: columns, costs: costs, weights: weights)
    }

    static func options(blocks: Int, threads: Int = 2) -> SolverOptions {
        var options = SolverOptions(threads: threads, effort: 0.002, exactSearchMaxColumns: 0)
        options.alwaysPriceCore = true
        options.warmStartBlockCount = blocks
        return options
    }

    @Test(
        "warm-started bound ≤ HiGHS optimum ≤ plan cost, set and partial cover",
        .enabled(if: NestedCoveringHiGHSTests.python != nil, "python3 with highspy is not installed (CI installs it)"))
    func boundBelowOptimum() throws {
        let python = try #require(NestedCoveringHiGHSTests.python)
        var random = TestRandom(seed: 15_44)
        var problems: [[String: Any]] = []
        var solutions: [CoveringSolution] = []
        for k in 0..<6 {
            let instance = try Self.grid(&random, width: 36, height: 18, discs: 150)
            let objective: CoveringObjective = k % 2 == 0 ? .partialCover(targetFraction: 0.9) : .setCover
            solutions.append(try solveCovering(instance, objective: objective, options: Self.options(blocks: 4)))
            problems.append(NestedCoveringHiGHSTests.problem(instance, fixed: [], objective))
        }
        let optima = try NestedCoveringHiGHSTests.highs(problems, python: python)
        for ratio in try NestedCoveringHiGHSTests.expectBracketed(solutions, by: optima) {
            // Not starved either: within 10 % of the optimum (grids like these have gaps of a few %).
            #expect(ratio >= 0.9, "bound at \(ratio) of HiGHS's optimum")
        }
    }

    /// A city-like regime, where the warm start is on by itself: 320 k rows (an 800 × 400 grid),
    /// 6,000 discs of radius 6–14 cells, 95 % target, a budget (effort 0.01) that pays far less
    /// than 300 full passes, so phase 1 prices a core and ends long before converging (measured:
    /// 2,322.9 cold, 2,355.4 warm; HiGHS's LP relaxation is out of reach of a unit test here).
    /// Both bounds must stay under the plan, and the warm one must be the higher; and phase 1's
    /// Volume-algorithm steps with the coordinate-ascent polish (on with the warm start) must beat
    /// plain subgradient steps after the same warm start.
    @Test("city-like grid: the automatic warm start and Volume steps raise the bound of the same budget")
    func warmBeatsCold() throws {
        var random = TestRandom(seed: 15_45)
        var columns: [[Int]] = []
        let (width, height) = (800, 400)
        for _ in 0..<6000 {
            let (cx, cy) = (Double(random.int(0...7999)) / 10, Double(random.int(0...3999)) / 10)
            let radius = Double(random.int(60...140)) / 10
            var rows: [Int] = []
            for y in max(0, Int(cy - radius))...min(height - 1, Int(cy + radius)) {
                for x in max(0, Int(cx - radius))...min(width - 1, Int(cx + radius)) {
                    let (dx, dy) = (Double(x) - cx, Double(y) - cy)
                    if dx * dx + dy * dy <= radius * radius { rows.append(y * width + x) }
                }
            }
            columns.append(rows)
        }
        let costs = columns.map { _ in 1 + Double(random.int(0...20)) / 10 }
        let weights = (0..<(width * height)).map { _ in random.chance(0.1) ? 0 : Double(random.int(1...400)) / 10 }
        let instance = try CoveringInstance(
            rowCount: width * height, columns: columns.filter { !$0.isEmpty },
            costs: costs.enumerated()
                .filter { !columns[$0.offset].isEmpty }.map(\.element), weights: weights)
        let objective = CoveringObjective.partialCover(targetFraction: 0.95)
        var options = SolverOptions(threads: 2, effort: 0.01, exactSearchMaxColumns: 0)
        let warm = try solveCovering(instance, objective: objective, options: options)
        options.volumeBound = false
        let plain = try solveCovering(instance, objective: objective, options: options)
        options.warmStartBlockCount = 0
        let cold = try solveCovering(instance, objective: objective, options: options)
        let (coldBound, warmBound) = (try #require(cold.lowerBound), try #require(warm.lowerBound))
        let plainBound = try #require(plain.lowerBound)
        let plans = [warm.cost, plain.cost, cold.cost]
        #expect([coldBound, plainBound, warmBound].allSatisfy { $0 <= plans.min()! })
        #expect(plainBound > coldBound * 1.005, "warm-started bound \(plainBound), cold \(coldBound)")
        #expect(warmBound > plainBound, "with Volume steps \(warmBound), plain steps \(plainBound)")
    }

    @Test("warm start: 1 and 2 threads give the same plan and bound")
    func deterministic() throws {
        var random = TestRandom(seed: 15_46)
        let instance = try Self.grid(&random, width: 60, height: 12, discs: 220)
        for objective in [CoveringObjective.partialCover(targetFraction: 0.95), .setCover] {
            let one = try solveCovering(instance, objective: objective, options: Self.options(blocks: 5, threads: 1))
            let two = try solveCovering(instance, objective: objective, options: Self.options(blocks: 5, threads: 2))
            #expect(one.chosenColumns == two.chosenColumns)
            #expect(one.lowerBound == two.lowerBound)
            #expect(one.cost == two.cost)
        }
    }
}
