import Planning

extension ReportMarkdown {
    /// The merge's section of report.md: how the tiles' plans were joined, the global bound, and
    /// one row per tile.
    public static func mergeSection(_ merge: MergeReport) -> [String] {
        var lines = [
            "## Tiles",
            "",
            "Merged from \(merge.tiles.count) tiles (\(merge.cut), halo \(fmt(merge.haloMeters, 1)) m; \(escapeCell(merge.manifestFile))): "
                + "the union of the tiles' plans (\(merge.unionSites) sites, cost \(fmt(merge.unionCost, 2))), improved with everything else fixed "
                + "over \(merge.columns) columns (the plans, \(merge.seamCandidates) seam candidates, the continuation lists):",
            "",
            "| step | windows (squares) | cheaper | sites freed | sites chosen | cost before | cost after |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for step in merge.steps {
            lines.append(
                "| \(step.name) | \(step.windows)\(step.windowSquares > 0 ? " (\(step.windowSquares))" : "") | \(step.windowsImproved) | \(step.sitesFreed) | \(step.sitesChosen) | \(fmt(step.costBefore, 2)) | \(fmt(step.costAfter, 2)) |"
            )
        }
        lines.append("")
        if merge.topUp.sites > 0 {
            lines += [
                "A shortfall of \(fmt(merge.topUp.shortfallWeight, 2)) weight was topped up with \(merge.topUp.sites) sites (cost \(fmt(merge.topUp.cost, 2))) from the tiles' continuation lists.",
                "",
            ]
        }
        let b = merge.bound
        lines += [
            "Lower bound for the whole problem: \(fmt(b.value, 2)) = must-cover \(fmt(b.must, 2)) + interior columns \(fmt(b.interior, 2)) + seam columns \(fmt(b.border, 2)) + coverage target \(fmt(b.knapsack, 2)) (λ = \(fmt(b.lambda, 9)))\(b.rounded ? ", rounded up to the cost unit" : "").",
            "",
            "| tile | name | cells | coverage (tile → merged) | tile sites | tile cost | tile bound | sites owned | cost owned | seconds | peak MiB |",
            "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for t in merge.tiles {
            let before = t.weight > 0 ? t.tileCoveredWeight / t.weight : 1
            let after = t.weight > 0 ? t.coveredWeight / t.weight : 1
            lines.append(
                "| \(t.index) | \(escapeCell(t.name)) | \(t.cells) | \(pct(before)) → \(pct(after)) | \(t.tileSites) | \(fmt(t.tileCost, 2)) | \(t.tileLowerBound.map { fmt($0, 2) } ?? "—") | \(t.sitesOwned) | \(fmt(t.costOwned, 2)) | \(fmt(t.seconds, 1)) | \(fmt(Double(t.peakRSSBytes) / 1_048_576, 1)) |"
            )
        }
        lines.append("")
        return lines
    }
}
