import Geo
import Optimizer
import Support

extension SitingPipeline {
    /// What the solve stage found.
    struct Solved {
        var solution: CoveringSolution
        let objective: CoveringObjective
        /// The chosen columns by rank: rank 1 adds the most demand weight given the fixed (existing)
        /// columns, rank 2 the most given those, and so on. A phased plan ranks each phase's columns
        /// given everything built before it, phase after phase.
        let ranked: [Int]
        /// The rounds of constraint generation, when the job has continuity limits.
        var planning: ContinuityPlanning? = nil
        /// Each phase's solve (`objective.phases`), in order; empty for a plan in one step.
        var phases: [NestedPhaseSolution] = []
    }

    /// The solve stage: the covering problem of a job — demand cells as rows with their weights and
    /// must-cover cells, the given columns — solved for the scenario's objective and solver
    /// settings, and the chosen columns ranked by marginal gain (`rankByMarginalGain`).
    ///
    /// - Throws: `.infeasible` with a planner-facing message when the solver cannot meet the objective.
    static func solve(
        columnStarts: [Int], columnRows: [UInt32], costs: [Double], fixedColumns: [Int], packing: ColumnPacking?,
        grid: DemandGrid, layers: LayeredDemand, scenario: Scenario, options: PlanOptions
    ) throws(PlanningError) -> Solved {
        let instance: CoveringInstance
        do {
            // Without row lists: the solve and the ranking read columns only (docs/solver.md, Scale).
            instance = try CoveringInstance(
                rowCount: grid.cellCount, columnStarts: columnStarts, columnRows: columnRows, costs: costs,
                weights: grid.weights, fixedColumns: fixedColumns, mustCoverRows: layers.mustCoverCells,
                packing: packing, rowLists: false)
        } catch {
            throw .infeasible("internal: the covering instance is malformed: \(error)")
        }
        // The instance written for another solver; a phased plan's objective is its last phase's
        // (the problem of its from-scratch bound; the phases add nesting on top).
        let objective = coveringObjective(scenario.objective)
        if let onInstance = options.onInstance {
            do {
                try onInstance(instance, objective)
            } catch {
                throw .output("writing the covering instance: \(error)")
            }
        }
        let solverOptions = SolverOptions(
            threads: options.threads,
            timeLimitSeconds: scenario.solver.timeLimitSeconds ?? options.solverTimeLimitSeconds,
            seed: scenario.seed, effort: options.effort ?? scenario.solver.effort)
        if !scenario.phases.isEmpty {
            return try solvePhases(
                instance, options: solverOptions, grid: grid, layers: layers, scenario: scenario)
        }
        let solution: CoveringSolution
        do {
            solution = try solveCovering(instance, objective: objective, options: solverOptions)
        } catch {
            throw .infeasible(describeSolverFailure(error, grid: grid, scenario: scenario, layers: layers))
        }
        return Solved(
            solution: solution, objective: objective,
            ranked: rankByMarginalGain(instance, columns: solution.chosenColumns))
    }

    /// The covering problem of a scenario objective (docs/solver.md): a coverage target of 1 is set
    /// cover, a smaller one partial cover; max coverage keeps its site count and budget.
    static func coveringObjective(_ objective: ObjectiveSettings) -> CoveringObjective {
        switch objective {
        case .minCost(let target): return target >= 1 ? .setCover : .partialCover(targetFraction: target)
        case .maxCoverage(let k, let budget): return .maxCoverage(maxNewColumns: k, budget: budget)
        }
    }

    /// A planner-facing message for a solver failure; `field` names the objective at fault
    /// (`objective`, or `objective.phases[k]` for a phase).
    static func describeSolverFailure(
        _ error: OptimizerError, grid: DemandGrid, scenario: Scenario, layers: LayeredDemand,
        field: String = "objective"
    ) -> String {
        switch error {
        case .infeasibleTarget(let target, let best):
            return
                "\(scenario.file): \(field).coverage_target \(Precision.hundredths.text(target * 100))% cannot be met: every open candidate and existing site together cover at most \(Precision.hundredths.text(best * 100))% of the demand; add candidates, relax the target or the radio threshold"
        case .uncoverableRows(let rows, let count):
            // Group the listed cells by the must-cover zone that holds them, so the planner sees
            // which priority zone (rail station, hospital …) no candidate can reach.
            var groups: [(zone: Int?, cells: [Int])] = []
            for row in rows {
                let zone = layers.zoneIndex(ofMustCoverCell: row)
                if let k = groups.firstIndex(where: { $0.zone == zone }) {
                    groups[k].cells.append(row)
                } else {
                    groups.append((zone, [row]))
                }
            }
            let parts = groups.map { group -> String in
                let places = group.cells.prefix(5).map { row -> String in
                    let c = grid.centerLonLat(of: row)
                    return "(\(Precision.figure.text(c.x)), \(Precision.figure.text(c.y)))"
                }.joined(separator: ", ")
                let place =
                    group.zone.map { "priority zone \(scenario.demand.priorityZones[$0].label)" }
                    ?? "cells outside priority zones (coverage_target 1 needs every cell)"
                return "\(place): \(group.cells.count) listed cell(s) at lon/lat \(places)"
            }.joined(separator: "; ")
            return
                "\(scenario.file): \(count) demand cell(s) must be covered but no candidate reaches them (nor any existing site) — \(parts)\(count > rows.count ? " (first \(rows.count) listed)" : ""); add candidates near them or relax the zone's must_cover"
        case .mustCoverExceedsLimits(let mustCoverRows, let neededColumns, let neededCost, _):
            let zones = scenario.demand.priorityZones.filter(\.mustCover).map(\.label).joined(separator: ", ")
            return
                "\(scenario.file): the \(mustCoverRows) must-cover cell(s) of \(zones.isEmpty ? "the priority zones" : zones) do not fit \(field).sites/\(field).budget: covering them needs \(neededColumns) new site(s) costing \(Precision.hundredths.text(neededCost)); raise the limits or relax must_cover"
        default:
            return "\(scenario.file): the solver failed: \(error)"
        }
    }
}
