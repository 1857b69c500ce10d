import Planning

extension ReportMarkdown {
    /// The overview rows a solve adds: new sites, their cost, (service plans) new sites by type and
    /// the existing sites' own coverage, and the optimality gap with its bound.
    public static func solveOverview(_ plan: Plan) -> [Row] {
        let network = plan.network
        var rows: [Row] = [
            ("new sites", "\(network.newCount) (existing \(network.existingCount))"),
            ("cost of new sites", fmt(network.newCost, 2)),
        ]
        if plan.service != nil {
            rows.append(
                ("new sites by type", network.newSitesByType.map { "\($0.type) \($0.count)" }.joined(separator: ", ")))
            rows.append(("coverage by existing sites alone", fmt(network.existingCoverageRatio * 100, 2) + " %"))
        }
        if let gap = plan.solution.gap {
            let bound = plan.solution.lowerBound ?? plan.solution.upperBound
            rows.append(
                (
                    "optimality gap (bound)",
                    fmt(gap * 100, 2) + " % (" + (bound.map { fmt($0, 2) } ?? "—") + ")"
                ))
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
