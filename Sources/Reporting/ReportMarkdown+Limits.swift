import Planning

extension ReportMarkdown {
    /// The sections a solve with roads, greenfield positions or continuity limits adds: the rounds
    /// of constraint generation and the bound, the greenfield sites the catalogue could not avoid,
    /// the roads.
    public static func limitsSections(_ plan: Plan) -> [String] {
        var lines: [String] = []
        if let planning = plan.continuityPlanning {
            lines += ["## Continuity limits", ""]
            let limits = plan.scenario.continuity
            var stated: [String] = []
            if let area = limits.maxHoleSquareMeters {
                stated.append(
                    "no \(limits.edgeHoles ? "" : "enclosed ")hole larger than \(fmt(area, 0)) m²")
            }
            if let count = limits.maxComponents { stated.append("at most \(count) covered component(s) per district") }
            if !limits.districts.isEmpty {
                stated.append("own limits in \(limits.districts.keys.sorted().map(escapeCell).joined(separator: ", "))")
            }
            if let gap = limits.maxRoadGapMeters { stated.append("no road gap longer than \(fmt(gap, 0)) m") }
            lines.append(
                "Limits: \(stated.joined(separator: "; ")). \(planning.met ? "**Met**" : "**Not met**") after \(planning.rounds.count) round(s) of constraint generation: \(planning.validRows) valid and \(planning.heuristicRows) heuristic covering rows added (docs/solver.md)."
            )
            lines.append("")
            lines.append(
                "| round | rows added (valid / heuristic) | cost | lower bound | holes over limit | districts over component limit | road gaps over limit |"
            )
            lines.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
            for round in planning.rounds {
                lines.append(
                    "| \(round.round) | \(round.validRowsAdded) / \(round.heuristicRowsAdded) | \(fmt(round.cost, 2)) | \(round.lowerBound.map { fmt($0, 2) } ?? "—") | \(round.holes) | \(round.components) | \(round.roadGaps) |"
                )
            }
            lines.append("")
            lines.append(
                "Lower bound \(planning.lowerBound.map { fmt($0, 2) } ?? "—"): a bound of \(escapeCell(planning.relaxation)).\(planning.boundWithHeuristicRows.map { " With the heuristic rows the last round's own bound is \(fmt($0, 2)): the plan's distance to the best plan under those rows." } ?? "")"
            )
            lines.append("")
        }
        if plan.scenario.greenfield != nil {
            let unavoidable = plan.continuityPlanning?.unavoidable ?? []
            let chosen = plan.network.newIndices.filter { plan.network.sites[$0].source == .greenfield }.count
            lines += ["## Greenfield sites", ""]
            lines.append(
                "\(chosen) new-build site(s) in the plan; \(unavoidable.count) of them the catalogue could not avoid: each serves a requirement (a must-cover cell, a hole or component row, a road window) that no catalogue candidate, lamp pole or existing site can meet."
            )
            lines.append("")
            if !unavoidable.isEmpty {
                lines.append("| site | lon | lat | district | serves |")
                lines.append("| --- | ---: | ---: | --- | --- |")
                for site in unavoidable {
                    lines.append(
                        "| \(escapeCell(site.id)) | \(fmt(site.location.x, 6)) | \(fmt(site.location.y, 6)) | \(escapeCell(site.district)) | \(site.serves) \(escapeCell(site.place)) |"
                    )
                }
                lines.append("")
            }
        }
        if let roads = plan.roads { lines += roadSection(roads, limit: plan.scenario.continuity.maxRoadGapMeters) }
        return lines
    }

    /// The roads table: length in the area, covered share, longest gap, uncovered stretches.
    public static func roadSection(_ roads: RoadReport, limit: Double?) -> [String] {
        var lines = ["## Roads", ""]
        lines.append(
            "Coverage along each road inside the area (road-gaps.geojson has every uncovered stretch)\(limit.map { "; limit \(fmt($0, 0)) m per gap" } ?? "")."
        )
        lines.append("")
        lines.append("| road | length (m) | covered | longest gap (m) | gaps |")
        lines.append("| --- | ---: | ---: | ---: | ---: |")
        for road in roads.roads {
            lines.append(
                "| \(escapeCell(road.name)) | \(fmt(road.lengthMeters, 0)) | \(pct(road.coveredShare)) | \(fmt(road.longestGapMeters, 0)) | \(road.gaps) |"
            )
        }
        lines.append("")
        return lines
    }
}
