import Geo
import Support

/// `report.html` of `nrplan diff`: the change on a map (sites by change, moves as lines, holes by
/// change) with the counts, the district deltas and the largest changes, from the same features
/// as sites-diff.geojson and holes-diff.geojson.
enum DiffReportPage {
    static let siteClasses = [
        MapLayer.Class("added", "added (in B only)", fill: "#1a9641"),
        MapLayer.Class("removed", "removed (in A only)", fill: "#d7191c"),
        MapLayer.Class("moved", "moved", fill: "#f08c00"),
        MapLayer.Class("kept", "kept", fill: "#7d8791"),
    ]
    static let holeClasses = [
        MapLayer.Class("appeared", "appeared (uncovered in B only)", fill: "#d7263d", stroke: "#8b0000"),
        MapLayer.Class("grew", "grew", fill: "#f28e2b", stroke: "#a4540c"),
        MapLayer.Class("reshaped", "reshaped (same area)", fill: "#b07aa1", stroke: "#6d4163"),
        MapLayer.Class("shrank", "shrank", fill: "#f6c3b0", stroke: "#c06b4f"),
        MapLayer.Class("disappeared", "disappeared (covered in B)", fill: "#8fd19e", stroke: "#2f8a46"),
        MapLayer.Class("unchanged", "unchanged", fill: "#c3c9d0", stroke: "#7d8791"),
    ]

    static func page(_ diff: PlanDiff) -> ReportPage {
        let sites = DiffLayers.sites(diff)
        let holes = DiffLayers.holes(diff)
        return ReportPage(
            title: "Changes from A to B",
            subtitle:
                "nrplan diff · A: \(diff.a.path) (\(diff.a.command)) · B: \(diff.b.path) (\(diff.b.command)) · tolerance \(DiffFormat.number(diff.sites.toleranceMeters, 1)) m",
            frame: .wgs84, figureGroups: figures(diff), tables: tables(diff, sites: sites, holes: holes),
            layers: layers(diff, sites: sites, holes: holes), rasters: diff.coverageChange.map { [$0.raster] } ?? [],
            notes: diff.warnings.map { "Note: \($0)." } + [
                "Sites: same id within the tolerance = kept, beyond it = moved; different ids within the tolerance = one site that moved; the rest are added (B only) or removed (A only).",
                "Holes are matched by overlap: a hole of B overlapping none of A appeared, a hole of A overlapping none of B disappeared; otherwise B's hole shrank or grew against the holes of A it overlaps.",
            ])
    }

    /// Hole changes, moves (A → B) and sites by change.
    static func layers(_ diff: PlanDiff, sites: [Feature], holes: [Feature]) -> [MapLayer] {
        [
            MapLayer(
                id: "holes", title: "Hole changes", kind: .polygons, fillOpacity: 0.55, strokeWidth: 1.2,
                classBy: "change",
                classes: holeClasses.filter { c in holes.contains { $0[property: "change"]?.stringValue == c.value } },
                labelKeys: ["change", "district"], features: holes),
            MapLayer(
                id: "moves", title: "Moves (A → B)", kind: .lines, stroke: "#f08c00", strokeWidth: 2,
                labelKeys: ["id_a", "id_b"], features: DiffLayers.moves(diff)),
            MapLayer(
                id: "sites", title: "Sites", kind: .points, classBy: "change",
                classes: siteClasses.filter { c in sites.contains { $0[property: "change"]?.stringValue == c.value } },
                shapeBy: "kind", shapes: MapLayer.siteShapes, labelKeys: ["id", "name"], features: sites),
        ]
    }

    /// The summary panel: sites, cost, coverage and holes.
    static func figures(_ diff: PlanDiff) -> [ReportPage.FigureGroup] {
        let f = DiffFormat.self
        let s = diff.sites
        let h = diff.holes
        let coverageA = diff.a.summary["coverage_ratio"]?.doubleValue
        let coverageB = diff.b.summary["coverage_ratio"]?.doubleValue
        return [
            .init(
                "Sites",
                [
                    .init("added", "\(s.count(.added))"), .init("removed", "\(s.count(.removed))"),
                    .init("moved", "\(s.count(.moved))"), .init("kept", "\(s.count(.kept))"),
                    .init("sites A → B", "\(diff.a.sites.count) → \(diff.b.sites.count)"),
                ]),
            .init(
                "Cost",
                [
                    .init("cost A → B", "\(f.optional(diff.a.cost, 1)) → \(f.optional(diff.b.cost, 1))"),
                    .init("change", f.delta(diff.a.cost, diff.b.cost, 2)),
                    .init("added sites", f.number(diff.costAdded, 1)),
                    .init("removed sites", f.number(diff.costRemoved, 1)),
                ]),
            .init(
                "Coverage",
                [
                    .init("coverage A → B", "\(f.percent(coverageA)) → \(f.percent(coverageB))"),
                    .init(
                        "change", f.points(coverageA, coverageB),
                        tone: (coverageB ?? 0) >= (coverageA ?? 0) ? "good" : "bad"),
                ]
                    + (diff.coverageChange.map {
                        [
                            .init("demand area gained", ReportFigures.area($0.areaSquareMeters[1])),
                            .init("demand area lost", ReportFigures.area($0.areaSquareMeters[2])),
                        ]
                    } ?? [])),
            .init(
                "Holes",
                [
                    .init("holes A → B", "\(diff.a.holes.count) → \(diff.b.holes.count)"),
                    .init(
                        "hole area A → B",
                        "\(ReportFigures.area(f.holeArea(diff.a))) → \(ReportFigures.area(f.holeArea(diff.b)))"),
                ]
                    + HoleDiff.Change.allCases.map {
                        .init(
                            $0.rawValue, "\(h.count($0))",
                            tone: $0 == .appeared || $0 == .grew ? (h.count($0) > 0 ? "bad" : nil) : nil)
                    }),
        ]
    }

    /// The districts, the site changes and the largest hole changes (rows focus the map).
    static func tables(_ diff: PlanDiff, sites: [Feature], holes: [Feature]) -> [ReportPage.Table] {
        let f = DiffFormat.self
        let changedSites = sites.enumerated().filter { $0.element[property: "change"]?.stringValue != "kept" }
        let siteTable = ReportPage.Table(
            id: "site-changes", title: "Site changes",
            note: changedSites.count > 500
                ? "The first 500 of \(changedSites.count); sites-diff.geojson has every one." : nil,
            columns: [("change", false), ("id", false), ("name", false), ("kind", false), ("moved m", true)],
            rows: changedSites.prefix(500).map { index, site in
                ReportPage.Table.Row(
                    [
                        RunReportPage.text(site[property: "change"]),
                        RunReportPage.text(site[property: "id"]) + DiffReportMarkdown.movedFrom(site),
                        RunReportPage.text(site[property: "name"]), RunReportPage.text(site[property: "kind"]),
                        RunReportPage.text(site[property: "distance_m"]),
                    ], focus: ("sites", index))
            })
        let changedHoles = holes.enumerated().filter { $0.element[property: "change"]?.stringValue != "unchanged" }
        let holeTable = ReportPage.Table(
            id: "hole-changes", title: "Hole changes, largest first",
            note: changedHoles.count > 200
                ? "The 200 largest of \(changedHoles.count); holes-diff.geojson has every one." : nil,
            columns: [
                ("change", false), ("district", false), ("area A m²", true), ("area B m²", true), ("Δ m²", true),
            ],
            rows: changedHoles.prefix(200).map { index, hole in
                ReportPage.Table.Row(
                    [
                        RunReportPage.text(hole[property: "change"]), RunReportPage.text(hole[property: "district"]),
                        ReportFigures.integer(hole[property: "area_a_m2"]?.doubleValue ?? 0),
                        ReportFigures.integer(hole[property: "area_b_m2"]?.doubleValue ?? 0),
                        f.signed(hole[property: "delta_m2"]?.doubleValue ?? 0, 0),
                    ], focus: ("holes", index))
            })
        let districtTable = ReportPage.Table(
            id: "districts", title: "Districts",
            columns: [
                ("district", false), ("coverage A", true), ("coverage B", true), ("change", true),
                ("holes A → B", true),
            ],
            rows: diff.districts.map { d in
                ReportPage.Table.Row([
                    d.name, f.percent(d.coverageA), f.percent(d.coverageB), f.points(d.coverageA, d.coverageB),
                    "\(d.holesA.map(String.init) ?? "—") → \(d.holesB.map(String.init) ?? "—")",
                ])
            })
        return [districtTable, siteTable, holeTable]
    }
}
