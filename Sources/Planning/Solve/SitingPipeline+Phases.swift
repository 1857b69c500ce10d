import Geo
import Optimizer
import Support

extension SitingPipeline {
    /// The solve stage of a phased rollout (`objective.phases`): the phases solved in order, each with
    /// the earlier phases' sites fixed (`solveNested`), so the plans are nested; the plan's solution
    /// is the whole rollout measured against the last phase's from-scratch bound
    /// (`NestedPhaseSolution.wholePlan`), and its ranking is phase after phase.
    ///
    /// Why phase by phase rather than solving the last phase and splitting its sites: a rollout is
    /// built in that order and a later year's money is not certain, so each phase should be as
    /// good as it can be given what is already built — and then each phase has its own optimality
    /// bound. What the nesting costs against planning the last phase alone is measured, not
    /// guessed: every later phase is also solved from scratch, and its bound holds for any plan.
    ///
    /// - Throws: `.infeasible` naming the phase (`objective.phases[k]`) that cannot be met.
    static func solvePhases(
        _ instance: CoveringInstance, options: SolverOptions, grid: DemandGrid, layers: LayeredDemand,
        scenario: Scenario
    ) throws(PlanningError) -> Solved {
        let objectives = scenario.phases.map { coveringObjective($0.objective) }
        let phases: [NestedPhaseSolution]
        do {
            phases = try solveNested(instance, phases: objectives, options: options)
        } catch {
            let phase = scenario.phases[error.phase]
            let field = "objective.phases[\(error.phase)]"
            let why = "limits are cumulative: a later phase keeps every site of the earlier ones"
            switch error.reason {
            case .solver(let failure):
                throw .infeasible(
                    describeSolverFailure(failure, grid: grid, scenario: scenario, layers: layers, field: field))
            case .sitesBelowBuilt(let limit, let built):
                throw .infeasible(
                    "\(scenario.file): \(field).sites: phase '\(phase.name)' allows \(limit) new site(s) in all, but the earlier phases already build \(built) (\(why)); raise it or lower the earlier phases' coverage_target"
                )
            case .budgetBelowSpent(let limit, let spent):
                throw .infeasible(
                    "\(scenario.file): \(field).budget: phase '\(phase.name)' has a budget of \(NumberText.message(limit)) in all, but the earlier phases already spend \(Precision.hundredths.text(spent)) (\(why)); raise it or lower the earlier phases' coverage_target"
                )
            }
        }
        return Solved(
            solution: NestedPhaseSolution.wholePlan(phases), objective: objectives[objectives.count - 1],
            ranked: phases.flatMap(\.ranked), phases: phases)
    }

    /// What the network reaches at the end of each phase: its sites (the existing ones, then the new
    /// ones of that phase and the earlier ones, which come first in `network`), cost and continuity.
    /// `final` is the continuity of the whole network (the last phase's), already computed.
    static func planPhases(
        _ solved: Solved, network: PlanNetwork, scenario: Scenario, grid: DemandGrid, final: Continuity, threads: Int
    ) throws(PlanningError) -> [PlanPhase] {
        var result: [PlanPhase] = []
        var start = network.existingCount
        var cumulativeCost = 0.0
        for (k, phase) in solved.phases.enumerated() {
            let sites = start..<(start + phase.ranked.count)
            let cost = network.sites[sites].reduce(0) { $0 + $1.cost }
            cumulativeCost += cost
            let continuity =
                k == solved.phases.count - 1
                ? final
                : try Continuity.analyze(
                    grid: grid, covered: network.matrix.coveredCells(by: Array(0..<sites.upperBound)),
                    threads: threads)
            result.append(
                PlanPhase(
                    name: scenario.phases[k].name, objective: scenario.phases[k].objective, sites: sites, cost: cost,
                    cumulativeCost: cumulativeCost, continuity: continuity, solve: phase,
                    cumulativeNewCount: sites.upperBound - network.existingCount))
            start = sites.upperBound
        }
        return result
    }
}
