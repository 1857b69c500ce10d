import Geo
import Planning
import Support

extension ReportMarkdown {
    /// The overview rows a solve adds: new sites, their cost, (service plans) new sites by type,
    /// coverage before and after the plan, and the optimality gap with its bound.
    public static func solveOverview(_ plan: Plan) -> [Row] {
        let network = plan.network
        var rows: [Row] = [
            ("new sites", "\(network.newCount) (existing \(network.existingCount))"),
            ("cost of new sites", fmt(network.newCost, 2)),
        ]
        if let shortfall = PlanText.shortfall(plan.solution) { rows.append(("new sites asked for", shortfall)) }
        if plan.service != nil {
            rows.append(
                ("new sites by type", network.newSitesByType.map { "\($0.type) \($0.count)" }.joined(separator: ", ")))
        }
        rows.append(("coverage before the plan (existing sites alone)", pct(network.existingCoverageRatio)))
        rows.append(("coverage after the plan", pct(plan.continuity.coverageRatio)))
        if let gap = PlanText.gap(plan.solution) {
            rows.append(("optimality", gap))
            if let service = plan.service, !service.boundIncludesSpacing {
                rows.append(
                    (
                        "bound",
                        "ignores the spacing / one-site-per-location constraints (a relaxation: still a valid bound); valid for the \(service.boundScope == "lattice" ? "whole lattice" : "candidates searched")"
                    ))
            }
        }
        if let capacity = plan.capacity { rows += capacityRows(capacity, plan: plan) }
        return rows
    }

    /// `## Assumptions`: what a radio run assumed (profiles, threshold, heights, defaults, model
    /// ranges), in words; nothing for service-radius plans.
    public static func assumptions(_ assumptions: RadioAssumptions?, profileOption: String? = nil) -> [String] {
        guard let assumptions else { return [] }
        var lines = ["## Assumptions", ""]
        lines.append(
            "What the coverage figures rest on (summary.json, `radio`): radio profiles, the coverage threshold, antenna heights, and the documented defaults used where the inputs said nothing (docs/scenario.md, \"Defaults per kind\")."
        )
        lines.append("")
        for line in PlanText.assumptionLines(assumptions, profileOption: profileOption) { lines.append("- " + line) }
        if assumptions.defaults.isEmpty {
            lines.append("- Defaults: none; every site gave its kind, height and profile.")
        }
        lines.append("")
        return lines
    }

    /// `## Before and after` (coverage per district with the existing sites alone and with the plan)
    /// and `## New sites` (the chosen sites by rank, at most `maxSites`, with the demand each adds).
    public static func solveSections(_ plan: Plan, maxSites: Int = 100) -> [String] {
        beforeAfter(plan) + newSites(plan, maxSites: maxSites)
    }

    static func beforeAfter(_ plan: Plan) -> [String] {
        let grid = plan.grid
        let network = plan.network
        let before = network.matrix.coveredCells(by: Array(network.existingIndices))
        var total = [Double](repeating: 0, count: grid.districtNames.count)
        var coveredBefore = total
        var coveredAfter = total
        for cell in 0..<grid.cellCount {
            let d = Int(grid.cellDistrict[cell])
            total[d] += grid.weights[cell]
            if before[cell] { coveredBefore[d] += grid.weights[cell] }
            if network.covered[cell] { coveredAfter[d] += grid.weights[cell] }
        }
        func share(_ part: Double, _ whole: Double) -> String { whole > 0 ? pct(part / whole) : "—" }
        var lines = [
            "## Before and after", "",
            "Demand coverage with the \(network.existingCount) existing site(s) alone, and with the \(network.newCount) new site(s) of the plan.",
            "",
            "| district | before | after | change (points) |", "| --- | ---: | ---: | ---: |",
        ]
        for (d, name) in grid.districtNames.enumerated() {
            let change = total[d] > 0 ? (coveredAfter[d] - coveredBefore[d]) / total[d] * 100 : 0
            lines.append(
                "| \(escapeCell(name)) | \(share(coveredBefore[d], total[d])) | \(share(coveredAfter[d], total[d])) | \(fmt(change, 2)) |"
            )
        }
        let all = total.reduce(0, +)
        let allChange = all > 0 ? (coveredAfter.reduce(0, +) - coveredBefore.reduce(0, +)) / all * 100 : 0
        lines.append(
            "| **all** | \(share(coveredBefore.reduce(0, +), all)) | \(share(coveredAfter.reduce(0, +), all)) | \(fmt(allChange, 2)) |"
        )
        lines.append("")
        return lines
    }

    static func newSites(_ plan: Plan, maxSites: Int) -> [String] {
        let network = plan.network
        let grid = plan.grid
        var lines = ["## New sites", ""]
        guard network.newCount > 0 else {
            lines += ["The plan builds no new site: the existing sites meet the objective.", ""]
            return lines
        }
        // What each new site adds at its rank: demand not covered by the existing sites or higher ranks.
        var covered = network.matrix.coveredCells(by: Array(network.existingIndices))
        var coveredWeight = 0.0
        for cell in 0..<grid.cellCount where covered[cell] { coveredWeight += grid.weights[cell] }
        let total = max(grid.totalWeight, 1e-300)
        let planar = grid.projection.isPlanar
        let listed = min(maxSites, network.newCount)
        lines.append(
            "\(network.newCount) new site(s) by rank: rank 1 adds the most demand given the existing sites, rank 2 the most given those and rank 1, and so on\(network.newCount > listed ? "; the first \(listed) are listed, sites.csv has every one" : "")."
        )
        lines.append("")
        lines.append(
            "| rank | id | name | \(plan.service != nil ? "type" : "kind") | cost | height (m) | \(planar ? "x | y" : "lon | lat") | adds | coverage |"
        )
        lines.append("| ---: | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for k in network.newIndices {
            var added = 0.0
            for e in network.matrix.entries(of: k) {
                let cell = Int(network.matrix.cells[e])
                if !covered[cell] {
                    covered[cell] = true
                    added += grid.weights[cell]
                }
            }
            coveredWeight += added
            guard let rank = network.rank(of: k), rank <= listed else { continue }
            let site = network.sites[k]
            let position = planar ? Precision.meters : Precision.degrees
            lines.append(
                "| \(rank) | \(escapeCell(site.id)) | \(escapeCell(site.name ?? "")) | \(escapeCell(site.serviceType ?? site.kind.rawValue)) | \(fmt(site.cost, 2)) | \(fmt(site.heightMeters, 1)) | \(position.text(site.location.x)) | \(position.text(site.location.y)) | \(pct(added / total)) | \(pct(coveredWeight / total)) |"
            )
        }
        lines.append("")
        return lines
    }

    /// Busy-hour load: traffic, sites added for it, utilisation, overloaded sites, and the
    /// districts whose site count capacity set.
    static func capacityRows(_ capacity: CapacityPlan, plan: Plan) -> [Row] {
        let settings = capacity.settings
        let se = settings.spectralEfficiency.bitsPerSecondPerHertz(sinrDB: settings.sinrDB)
        let overloaded = capacity.overloaded.filter { $0 }.count
        let p = { (q: Double) in capacity.utilisationPercentile(q).map { pct($0) } ?? "—" }
        let limited = capacity.districts.filter { $0.capacitySites > 0 }.map { "\($0.name) (+\($0.capacitySites))" }
        let addedCost = plan.network.sites.suffix(capacity.addedCount).reduce(0) { $0 + $1.cost }
        return [
            (
                "busy-hour traffic",
                fmt(capacity.totalTrafficMbps, 2) + " Mbps (unserved: " + fmt(capacity.unservedMbps, 2) + " Mbps)"
            ),
            (
                "site capacity model",
                "SE \(fmt(se, 3)) bit/s/Hz at SINR \(fmt(settings.sinrDB, 1)) dB × \(fmt(settings.mimoLayers, 0)) layers × DL share \(fmt(settings.downlinkShare, 3)) × load target \(pct(settings.loadTarget)), \(settings.assignment.rawValue)"
            ),
            (
                "coverage only",
                "\(capacity.coverageOnlyNewSites) new sites, cost \(fmt(capacity.coverageOnlyCost, 2)), \(capacity.coverageOnlyOverloaded) site(s) over capacity"
            ),
            ("sites added for capacity", "\(capacity.addedCount), cost \(fmt(addedCost, 2))"),
            ("sites over capacity", "\(overloaded)"),
            ("utilisation p50 / p90 / p95 / max", "\(p(0.5)) / \(p(0.9)) / \(p(0.95)) / \(p(1))"),
            ("capacity-limited districts", limited.isEmpty ? "none" : limited.joined(separator: ", ")),
        ]
    }

    /// An audit's busy-hour load rows (scenario with a `capacity` section).
    static func auditCapacityRows(_ loads: SiteLoads) -> [Row] {
        let p = { (q: Double) in loads.utilisationPercentile(q).map { pct($0) } ?? "—" }
        return [
            (
                "busy-hour traffic",
                fmt(loads.totalTrafficMbps, 2) + " Mbps (unserved: " + fmt(loads.unservedMbps, 2) + " Mbps)"
            ),
            (
                "sites over capacity",
                "\(loads.overloaded.count) (best server, load target \(pct(loads.settings.loadTarget)))"
            ),
            ("utilisation p50 / p90 / p95 / max", "\(p(0.5)) / \(p(0.9)) / \(p(0.95)) / \(p(1))"),
        ]
    }
}
