import Foundation
import Geo
import Support

/// The summary panel of a `solve` or `audit` page, read from the run's `summary.json` value (the
/// keys both commands share, docs/outputs.md), so the page shows exactly the figures the file has.
enum ReportFigures {
    typealias Figure = ReportPage.Figure

    /// The groups with at least one figure: Coverage, Sites, Holes, Radio field, Area.
    static func groups(summary s: JSONValue) -> [ReportPage.FigureGroup] {
        let groups: [ReportPage.FigureGroup] = [
            .init("Coverage", coverageFigures(s)), .init("Sites", siteFigures(s)), .init("Holes", holeFigures(s)),
            .init("Radio field", fieldFigures(s)), .init("Area", areaFigures(s)),
        ]
        return groups.filter { !$0.figures.isEmpty }
    }

    static func coverageFigures(_ s: JSONValue) -> [Figure] {
        let continuity = s["continuity"]
        var coverage: [Figure] = []
        if let ratio = s["coverage_ratio"]?.doubleValue { coverage.append(Figure("demand coverage", percent(ratio))) }
        if let ratio = s["coverage_ratio_existing"]?.doubleValue {
            coverage.append(Figure("existing sites alone", percent(ratio)))
        }
        if let components = s["covered_components"]?.doubleValue {
            coverage.append(
                Figure("covered components", integer(components), tone: components <= 1 ? "good" : nil))
        }
        if let sinr = continuity?["sinr_db"], let share = sinr["share_at_or_above_threshold"]?.doubleValue,
            let threshold = sinr["threshold_db"]?.doubleValue
        {
            coverage.append(Figure("cells with SINR ≥ \(decimal(threshold, 1)) dB", percent(share)))
        }
        return coverage
    }

    static func siteFigures(_ s: JSONValue) -> [Figure] {
        var sites: [Figure] = []
        if let new = s["sites_new"]?.doubleValue {
            sites.append(Figure("new sites", integer(new)))
            if let existing = s["sites_existing"]?.doubleValue {
                sites.append(Figure("existing sites", integer(existing)))
            }
            if let cost = s["cost_total"]?.doubleValue { sites.append(Figure("cost of new sites", decimal(cost, 2))) }
            if let gap = s["gap"]?.doubleValue {
                let bound = (s["lower_bound"]?.doubleValue ?? s["upper_bound"]?.doubleValue).map { decimal($0, 2) }
                sites.append(
                    Figure(
                        "optimality gap", percent(gap) + (bound.map { " (bound \($0))" } ?? ""),
                        tone: s["proven_optimal"]?.boolValue == true ? "good" : nil))
            }
            if let kinds = s["sites_new_by_kind"]?.objectMembers ?? s["sites_new_by_type"]?.objectMembers,
                !kinds.isEmpty
            {
                sites.append(
                    Figure(
                        "new sites by kind",
                        kinds.map {
                            "\($0.key.replacingOccurrences(of: "_", with: " ")) \(integer($0.value.doubleValue ?? 0))"
                        }
                        .joined(separator: ", ")))
            }
        } else if let audited = s["sites"]?.doubleValue {
            sites.append(Figure("sites audited", integer(audited)))
        }
        return sites
    }

    static func holeFigures(_ s: JSONValue) -> [Figure] {
        var holes: [Figure] = []
        if let count = s["holes_count"]?.doubleValue {
            holes.append(Figure("holes", integer(count)))
            if let enclosed = s["holes_enclosed"]?.doubleValue {
                holes.append(Figure("enclosed by coverage", integer(enclosed), tone: enclosed == 0 ? "good" : "bad"))
            }
            if let largest = s["largest_hole_m2"]?.doubleValue { holes.append(Figure("largest hole", area(largest))) }
            if let total = s["continuity"]?["holes"]?["total_m2"]?.doubleValue {
                holes.append(Figure("hole area in all", area(total)))
            }
        }
        return holes
    }

    static func fieldFigures(_ s: JSONValue) -> [Figure] {
        let continuity = s["continuity"]
        var field: [Figure] = []
        for (key, label, unit) in [("rsrp_dbm", "RSRP", "dBm"), ("sinr_db", "SINR", "dB")] {
            if let object = continuity?[key], let p5 = object["p5"]?.doubleValue, let p50 = object["p50"]?.doubleValue,
                let p95 = object["p95"]?.doubleValue
            {
                field.append(
                    Figure(
                        "\(label) P5 / P50 / P95",
                        [p5, p50, p95].map { $0 <= -999 ? "none" : decimal($0, 1) }.joined(separator: " / ")
                            + " \(unit)"))
            }
        }
        return field
    }

    static func areaFigures(_ s: JSONValue) -> [Figure] {
        var area: [Figure] = []
        if let km2 = s["area_km2"]?.doubleValue { area.append(Figure("planning area", decimal(km2, 1) + " km²")) }
        if let cells = s["cells"]?.doubleValue, let cell = s["cell_m"]?.doubleValue {
            area.append(
                Figure("demand cells", "\(integer(cells)) × \(decimal(cell, cell == cell.rounded() ? 0 : 1)) m"))
        }
        return area
    }

    static func percent(_ ratio: Double) -> String { decimal(ratio * 100, 2) + " %" }

    static func area(_ squareMeters: Double) -> String {
        squareMeters >= 1e6 ? decimal(squareMeters / 1e6, 2) + " km²" : integer(squareMeters) + " m²"
    }

    /// Exactly `decimals` decimals (`Precision.fixed`), `—` when not finite.
    static func decimal(_ value: Double, _ decimals: Int) -> String {
        value.isFinite ? Precision(decimals: decimals).fixed(value) : "—"
    }

    /// An integer with thousands separators: 44,105 (`NumberText.grouped`).
    static func integer(_ value: Double) -> String { NumberText.grouped(value) }
}
