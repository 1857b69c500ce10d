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
        return rows
    }
}
