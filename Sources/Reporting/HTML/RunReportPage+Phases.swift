import Geo
import Planning
import Support

/// The phases of a phased plan on `report.html`: the reader steps from phase to phase and the map
/// shows the network at the end of the one picked — the existing sites and every new site built up
/// to it, that phase's holes, and coverage coloured by the phase that first reached each cell.
extension RunReportPage {
    /// Colours of the coverage-by-phase raster: existing sites, then phase 1, 2, …
    static let stageColors = ["#b9bec6", "#2166ac", "#4393c3", "#5aae61", "#a6d96a", "#fdae61", "#d6604d"]

    /// The page's phase steps: names and each phase's figures (those of summary.json `phases`).
    static func phaseSteps(_ view: NetworkView) -> ReportPage.Phases? {
        guard !view.phases.isEmpty else { return nil }
        let figures = view.phases.map { phase -> [ReportPage.Figure] in
            let c = phase.continuity
            return [
                .init("limit", ReportMarkdown.phaseLimit(phase.objective)),
                .init("new sites", ReportFigures.integer(Double(phase.sites.count))),
                .init("new sites in all", ReportFigures.integer(Double(phase.cumulativeNewCount))),
                .init("cost", ReportFigures.decimal(phase.cost, 1)),
                .init("cost in all", ReportFigures.decimal(phase.cumulativeCost, 1)),
                .init("demand coverage", ReportFigures.percent(c.coverageRatio)),
                .init("holes", ReportFigures.integer(Double(c.holes.count))),
                .init("largest hole", ReportFigures.area(c.largestHoleSquareMeters)),
                .init("gap given earlier phases", phase.solve.solution.gap.map { ReportFigures.percent($0) } ?? "—"),
            ]
        }
        return ReportPage.Phases(
            names: view.phases.map(\.name), figures: figures,
            note:
                "The plans are nested: a site built in one phase stays in every later one. The map shows the network at the end of the phase picked: existing sites and the new sites of that phase and the earlier ones, that phase's holes, and coverage by the phase that first reached each cell."
        )
    }

    /// Coverage by the phase that first reached each cell (existing sites, phase 1, 2, …); nil
    /// without phases or with more phases than the page's raster has classes for (6).
    static func phaseRaster(_ view: NetworkView, threads: Int) -> ClassRaster? {
        guard !view.phases.isEmpty, view.phases.count + 1 <= stageColors.count, view.grid.cellCount > 0 else {
            return nil
        }
        let image = CoverageRaster.image(view, classes: view.coverageStage, threads: threads)
        let classes =
            [(title: "existing sites", color: stageColors[0])]
            + view.phases.enumerated().map { (title: "new in \($1.name)", color: stageColors[$0 + 1]) }
        var raster = ClassRaster(
            id: "coverage-phases", title: "Coverage by phase", width: image.width, height: image.height,
            pixels: image.pixels, lattice: image.lattice, classes: classes,
            note:
                "Each covered demand cell coloured by the phase whose sites first cover it (\(image.width) × \(image.height) pixels); the classes after the phase picked are hidden."
        )
        raster.phaseOfClass = [-1] + Array(view.phases.indices)
        return raster
    }
}
