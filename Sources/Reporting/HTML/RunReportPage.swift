import Geo
import Planning
import Support

/// `report.html` of a `solve` or an `audit`, built from the run's own output layers: the features
/// of sites.geojson and holes.geojson, the districts and exclusions of the area, the coverage
/// classes of the demand grid, and the figures of summary.json.
public enum RunReportPage {
    /// Colours of site markers by `plan`, as in `map.svg`.
    static let siteClasses = [
        MapLayer.Class("new", "new site", fill: "#1f5fbf"),
        MapLayer.Class("existing", "existing site", fill: "#1b1b1b"),
        MapLayer.Class("audited", "audited site", fill: "#6a2c9c"),
    ]

    /// The page of a run.
    /// - Parameters:
    ///   - view: what the run assessed (grid, coverage, districts, holes).
    ///   - sites: the features of sites.geojson (the audited sites for an audit), in file order.
    ///   - summary: the run's summary.json value.
    public static func page(_ view: NetworkView, sites: [Feature], summary: JSONValue, threads: Int) -> ReportPage {
        let planar = view.grid.projection.isPlanar
        let holes = HolesLayer.ordered(view.continuity.holes)
        var tables: [ReportPage.Table] = []
        if let verdicts = summary["continuity"]?["targets"]?["verdicts"]?.arrayValue {
            tables.append(targetsTable(verdicts))
        }
        tables.append(districtsTable(summary, districts: view.districts))
        // A phased page's holes layer lists the earlier phases' holes first (RunReportPage+Phases).
        let earlierHoles = view.phases.dropLast().reduce(0) { $0 + $1.continuity.holes.count }
        tables.append(
            holesTable(holes, districtNames: view.grid.districtNames, planar: planar, focusOffset: earlierHoles))
        if let table = newSitesTable(sites) { tables.append(table) }

        var verdict: (passed: Bool, text: String)?
        if let verdicts = view.verdicts {
            let failed = verdicts.filter { !$0.passed }.count
            verdict =
                failed == 0
                ? (true, "PASS · \(verdicts.count) targets hold")
                : (false, "FAIL · \(failed) of \(verdicts.count) targets missed")
        }
        // A solve names its scenario; an audit its sites file (the `--sites` entry of `inputs`).
        let sitesInput = summary["inputs"]?.arrayValue?.first { $0["role"]?.stringValue == "--sites" }
        let source = summary["scenario"]?["file"]?.stringValue ?? sitesInput?["file"]?.stringValue ?? ""
        var rasters = CoverageRaster.make(view, threads: threads).map { [$0] } ?? []
        if let phased = phaseRaster(view, threads: threads) {
            // The RSRP classes are those of the last phase's network: off until the reader asks.
            for k in rasters.indices { rasters[k].visible = false }
            rasters.insert(phased, at: 0)
        }
        var page = ReportPage(
            title: view.title,
            subtitle: "nrplan \(view.command)" + (source.isEmpty ? "" : " · \(source)")
                + " · \(ReportFigures.integer(Double(view.grid.cellCount))) demand cells of \(ReportFigures.decimal(view.grid.spec.cellMeters, 0)) m",
            frame: planar ? .planar : .wgs84, verdict: verdict,
            figureGroups: ReportFigures.groups(summary: summary), tables: tables,
            layers: layers(view, holes: holes, sites: sites),
            rasters: rasters,
            notes: [
                "Every figure is the one in summary.json; the map draws the features of sites.geojson and holes.geojson (coordinates rounded to about 0.1 m) and the coverage classes of the demand grid.",
                "Click a feature for its properties, a table row to go to it; drag to pan, wheel or +/− to zoom.",
            ])
        page.phases = phaseSteps(view)
        return page
    }

    /// The map's layers, bottom to top: exclusions, districts (with their figures), holes, sites.
    static func layers(_ view: NetworkView, holes: [Hole], sites: [Feature]) -> [MapLayer] {
        let continuity = view.continuity
        var layers: [MapLayer] = []
        layers.append(
            MapLayer(
                id: "exclusions", title: "Exclusions (no demand, no sites)", kind: .polygons, fill: "#b8d4e8",
                stroke: "#6b8fb3", fillOpacity: 0.75, strokeWidth: 0.8, labelKeys: ["exclusion"],
                features: view.exclusions.enumerated().map {
                    Feature(geometry: $1, properties: [("exclusion", .number(Double($0 + 1)))])
                }))
        let districtFigures = Dictionary(
            continuity.districts.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        layers.append(
            MapLayer(
                id: "districts", title: "Districts", kind: .polygons, fill: "#ffffff", stroke: "#2b3440",
                fillOpacity: 0,
                strokeWidth: 1.6, labelKeys: ["name"], textKey: "name",
                features: view.districts.map { district in
                    var properties = district.properties
                    if !properties.contains(where: { $0.key == "name" }) {
                        properties.insert(("name", .string(district.name)), at: 0)
                    }
                    if let d = districtFigures[district.name] {
                        properties += [
                            ("coverage_ratio", Summary.number(d.coverageRatio)),
                            ("demand_cells", .number(Double(d.cells))),
                            ("holes", .number(Double(d.holes))),
                            ("largest_hole_m2", Summary.number(d.largestHoleSquareMeters, 1)),
                            ("covered_components", .number(Double(d.coveredComponents))),
                        ]
                    }
                    return Feature(geometry: district.geometry, properties: properties)
                }))
        let phased = !view.phases.isEmpty
        layers.append(
            MapLayer(
                id: "holes", title: phased ? "Coverage holes of the phase" : "Coverage holes", kind: .polygons,
                fill: "#d7263d", stroke: "#8b0000",
                fillOpacity: 0.8, strokeWidth: 0.7, classBy: "touches_edge",
                classes: [
                    MapLayer.Class("false", "enclosed by coverage", fill: "#b0001e", stroke: "#6d0012"),
                    MapLayer.Class("true", "reaching the area's edge", fill: "#f0606f", stroke: "#a3001b"),
                ], labelKeys: ["hole_id", "district"], phaseKey: phased ? "phase" : nil, phaseMode: .equal,
                features: phased
                    ? HolesLayer.phaseFeatures(view.phases, districtNames: view.grid.districtNames)
                    : holes.map {
                        Feature(
                            geometry: $0.geometry,
                            properties: HolesLayer.properties($0, districtNames: view.grid.districtNames))
                    }))
        layers.append(
            MapLayer(
                id: "sites", title: "Sites", kind: .points, fill: "#1f5fbf", stroke: "#ffffff", classBy: "plan",
                classes: siteClasses.filter { c in sites.contains { $0[property: "plan"]?.stringValue == c.value } },
                shapeBy: "kind", shapes: MapLayer.siteShapes, labelKeys: ["id", "name"],
                phaseKey: phased ? "phase" : nil, features: sites))
        return layers
    }

    /// The page's HTML.
    public static func html(_ view: NetworkView, sites: [Feature], summary: JSONValue, threads: Int) -> String {
        ReportHTML.render(page(view, sites: sites, summary: summary, threads: threads))
    }

    static func districtsTable(_ summary: JSONValue, districts: [District]) -> ReportPage.Table {
        let rows = (summary["continuity"]?["districts"]?.arrayValue ?? []).map { d -> ReportPage.Table.Row in
            let name = d["name"]?.stringValue ?? ""
            return ReportPage.Table.Row(
                [
                    name, ReportFigures.integer(d["cells"]?.doubleValue ?? .nan),
                    ReportFigures.percent(d["coverage_ratio"]?.doubleValue ?? .nan),
                    ReportFigures.integer(d["holes"]?.doubleValue ?? .nan),
                    ReportFigures.integer(d["largest_hole_m2"]?.doubleValue ?? .nan),
                    ReportFigures.integer(d["covered_components"]?.doubleValue ?? .nan),
                ], focus: districts.firstIndex { $0.name == name }.map { ("districts", $0) })
        }
        return ReportPage.Table(
            id: "districts", title: "Districts",
            columns: [
                ("district", false), ("cells", true), ("coverage", true), ("holes", true), ("largest hole m²", true),
                ("components", true),
            ], rows: rows)
    }

    /// The largest holes; row k focuses feature `focusOffset + k` of the holes layer.
    static func holesTable(
        _ holes: [Hole], districtNames: [String], planar: Bool, limit: Int = 50, focusOffset: Int = 0
    )
        -> ReportPage.Table
    {
        ReportPage.Table(
            id: "holes", title: "Largest holes",
            note: holes.count > limit
                ? "The \(limit) largest of \(ReportFigures.integer(Double(holes.count))) holes; holes.geojson has every one."
                : nil,
            columns: [
                ("hole", true), ("district", false), ("area m²", true), (planar ? "x" : "lon", true),
                (planar ? "y" : "lat", true), ("edge", false),
            ],
            rows: holes.prefix(limit).enumerated().map { index, hole in
                ReportPage.Table.Row(
                    [
                        "\(hole.number)", districtNames[hole.district], ReportFigures.integer(hole.areaSquareMeters),
                        ReportFigures.decimal(hole.centroid.x, planar ? 1 : 5),
                        ReportFigures.decimal(hole.centroid.y, planar ? 1 : 5), hole.touchesEdge ? "yes" : "no",
                    ], focus: ("holes", focusOffset + index))
            })
    }

    static func targetsTable(_ verdicts: [JSONValue]) -> ReportPage.Table {
        ReportPage.Table(
            id: "targets", title: "Targets",
            columns: [("target", false), ("scope", false), ("limit", true), ("measured", true), ("verdict", false)],
            rows: verdicts.map { v in
                let minimum = v["limit"]?.stringValue == "min"
                return ReportPage.Table.Row([
                    v["target"]?.stringValue ?? "", v["scope"]?.stringValue ?? "",
                    (minimum ? "≥ " : "≤ ") + ReportFigures.decimal(v["required"]?.doubleValue ?? .nan, 4),
                    ReportFigures.decimal(v["measured"]?.doubleValue ?? .nan, 4),
                    v["passed"]?.boolValue == true ? "pass" : "FAIL",
                ])
            })
    }

    static func newSitesTable(_ sites: [Feature], limit: Int = 200) -> ReportPage.Table? {
        let new = sites.enumerated().filter { $0.element[property: "plan"]?.stringValue == "new" }
        guard !new.isEmpty else { return nil }
        return ReportPage.Table(
            id: "new-sites", title: "New sites by rank",
            note: new.count > limit ? "The first \(limit) of \(new.count); sites.geojson has every one." : nil,
            columns: [("rank", true), ("id", false), ("name", false), ("kind", false), ("cost", true)],
            rows: new.prefix(limit).map { index, site in
                ReportPage.Table.Row(
                    [
                        site[property: "rank"]?.doubleValue.map { ReportFigures.integer($0) } ?? "",
                        text(site[property: "id"]), text(site[property: "name"]),
                        text(site[property: "type"] ?? site[property: "kind"]),
                        site[property: "cost"]?.doubleValue.map { ReportFigures.decimal($0, 1) } ?? "",
                    ], focus: ("sites", index))
            })
    }

    static func text(_ value: JSONValue?) -> String {
        switch value {
        case .string(let s)?: return s
        case .number(let n)?: return n.literal
        case .bool(let b)?: return b ? "yes" : "no"
        default: return ""
        }
    }
}
