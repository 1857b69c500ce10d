import Optimizer
import Planning

extension ReportMarkdown {
    /// A phase's limits for people: `coverage ≥ 92.00 %`, `budget 600.00`, `≤ 40 new sites`.
    public static func phaseLimit(_ objective: ObjectiveSettings) -> String {
        switch objective {
        case .minCost(let target): return "coverage ≥ " + pct(target)
        case .maxCoverage(let sites, let budget):
            return [budget.map { "budget " + fmt($0, 2) }, sites.map { "≤ \($0) new sites" }].compactMap { $0 }
                .joined(separator: ", ")
        }
    }

    /// "## Phases" of a phased plan: per phase its limit, the sites and cost it adds, and coverage,
    /// holes and the two gaps at its end; nothing for other runs.
    static func phases(_ view: NetworkView) -> [String] {
        guard !view.phases.isEmpty else { return [] }
        var lines = [
            "## Phases", "",
            "The plans are nested: a site built in one phase stays in every later one, and each phase's figures are those of the network at its end (existing sites and every new site of that phase and the earlier ones). Each phase was solved with the earlier phases' sites fixed: its gap holds given them. *From scratch* is the same limit solved without the earlier phases: its bound holds for any plan, nested or not, so the gap against it bounds what nesting and the heuristics cost together.",
            "",
            "| phase | limit | new sites | sites in all | cost | cost in all | coverage | holes (enclosed) | largest hole (m²) | gap given earlier phases | gap from scratch (bound) |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for phase in view.phases {
            let c = phase.continuity
            let solve = phase.solve
            let gap = solve.solution.gap.map { pct($0) } ?? "—"
            let scratch =
                solve.fromScratchGap.map { pct($0) + " (" + (solve.fromScratchBound.map { fmt($0, 2) } ?? "—") + ")" }
                ?? "—"
            let cells = [
                escapeCell(phase.name), phaseLimit(phase.objective), "\(phase.sites.count)",
                "\(phase.cumulativeNewCount)",
                fmt(phase.cost, 2), fmt(phase.cumulativeCost, 2), pct(c.coverageRatio),
                "\(c.holes.count) (\(c.holes.filter { !$0.touchesEdge }.count))", fmt(c.largestHoleSquareMeters, 0),
                gap,
                scratch,
            ]
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        lines.append("")
        return lines
    }
}
