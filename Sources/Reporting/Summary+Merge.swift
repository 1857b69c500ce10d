import Planning
import Support

extension Summary {
    /// A solve summary made the summary of `nrplan merge`: `command` is `merge`, and `merge` (the
    /// cut, the union, the seam step, the top-up, the global bound's parts) and `tiles` (per tile:
    /// as solved and as merged) are added (docs/outputs.md, docs/scale.md).
    public static func merged(_ summary: JSONValue, _ merge: MergeReport) -> JSONValue {
        guard case .object(var members) = summary else { return summary }
        if let k = members.firstIndex(where: { $0.key == "command" }) { members[k].value = .string("merge") }
        let bound = merge.bound
        let object: JSONValue = .object([
            ("manifest", .string(merge.manifestFile)),
            ("cut", .string(merge.cut)),
            ("halo_m", number(merge.haloMeters, 1)),
            ("tiles", .number(Double(merge.tiles.count))),
            ("union", .object([("sites", .number(Double(merge.unionSites))), ("cost", number(merge.unionCost, 4))])),
            ("seam_candidates", .number(Double(merge.seamCandidates))),
            ("columns", .number(Double(merge.columns))),
            (
                "steps",
                .array(
                    merge.steps.map { step in
                        .object([
                            ("name", .string(step.name)), ("window_squares", .number(Double(step.windowSquares))),
                            ("windows", .number(Double(step.windows))),
                            ("windows_improved", .number(Double(step.windowsImproved))),
                            ("sites_freed", .number(Double(step.sitesFreed))),
                            ("sites_chosen", .number(Double(step.sitesChosen))),
                            ("cost_before", number(step.costBefore, 4)), ("cost_after", number(step.costAfter, 4)),
                        ])
                    })
            ),
            (
                "top_up",
                .object([
                    ("shortfall_weight", number(merge.topUp.shortfallWeight)),
                    ("sites", .number(Double(merge.topUp.sites))), ("cost", number(merge.topUp.cost, 4)),
                ])
            ),
            (
                "bound_parts",
                .object([
                    ("lower_bound", number(bound.value, 4)), ("must", number(bound.must, 4)),
                    ("interior", number(bound.interior, 4)), ("border", number(bound.border, 4)),
                    ("knapsack", number(bound.knapsack, 4)), ("lambda", number(bound.lambda, 12)),
                    ("rounded_up", .bool(bound.rounded)),
                ])
            ),
        ])
        let tiles: JSONValue = .array(
            merge.tiles.map { t in
                .object([
                    ("index", .number(Double(t.index))), ("name", .string(t.name)), ("cells", .number(Double(t.cells))),
                    ("weight", number(t.weight)),
                    ("coverage_ratio_tile", number(t.weight > 0 ? t.tileCoveredWeight / t.weight : 1)),
                    ("coverage_ratio", number(t.weight > 0 ? t.coveredWeight / t.weight : 1)),
                    ("shortfall_weight", number(t.shortfallWeight)),
                    ("tile_sites", .number(Double(t.tileSites))), ("tile_cost", number(t.tileCost, 4)),
                    ("tile_lower_bound", optional(t.tileLowerBound, 4)),
                    ("sites_owned", .number(Double(t.sitesOwned))), ("cost_owned", number(t.costOwned, 4)),
                    ("seconds", number(t.seconds, 3)), ("peak_rss_bytes", .number(Double(t.peakRSSBytes))),
                ])
            })
        let at = members.firstIndex(where: { $0.key == "holes_count" }) ?? members.count
        members.insert(contentsOf: [("merge", object), ("tiles", tiles)], at: at)
        return .object(members)
    }
}
