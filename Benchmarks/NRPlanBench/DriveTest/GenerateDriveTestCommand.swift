import CityGenerator
import Foundation
import Geo
import Support

/// `nrplan-bench generate-drive-test [--seed N] [--demo DIR] --out DIR`: a synthetic drive test of
/// the demo city's existing macro sites with a known truth (`DriveTestTruth`), for
/// `nrplan calibrate` (geodata/examples/drive-test, `make calibrate-example`).
///
/// Every existing site of the demo gets three n78 sectors (azimuths rotated per site, downtilts
/// 4–8°). A scanner drives the demo's main roads nearest the centre (about `routeKilometres`),
/// measuring every `spacingMeters`, and at each position reports every cell within
/// `radiusMeters`: the truth's local mean + the site's shadowing + fast fading, rounded to 0.1 dB
/// and floored at −140 dBm (a value at the floor means "at most −140"). Deterministic: the same seed
/// writes the same bytes.
enum GenerateDriveTestCommand {
    static let usage =
        "USAGE: nrplan-bench generate-drive-test [--seed N] [--demo DIR] [--route-km KM] [--spacing-m M] [--radius-m M] [--sigma-db DB] [--fading-m M] [--floor-dbm DBM] --out DIR"

    static var command: BenchCommand {
        BenchCommand(
            name: "generate-drive-test",
            abstract: "write a synthetic drive test with a known truth (geodata/examples/drive-test)", run: run)
    }

    /// The drive: route length (main roads nearest the centre first; 200 km takes them all),
    /// sample spacing and the scanner's radius, and the truth.
    struct Drive {
        var routeKilometres = 200.0
        var spacingMeters = 10.0
        var radiusMeters = 1_200.0
        var truth = DriveTestTruth()
    }

    static func run(_ arguments: [String]) throws -> Int32 {
        var seed: UInt64 = 1
        var demo = "geodata/demo"
        var out: String?
        var drive = Drive()
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            guard let value = rest.popFirst() else {
                print(usage)
                return argument == "--help" || argument == "-h" ? 0 : 2
            }
            switch argument {
            case "--seed":
                guard let s = UInt64(value) else {
                    FileHandle.standardError.write(Data("error: --seed expects an integer ≥ 0\n".utf8))
                    return 2
                }
                seed = s
            case "--demo": demo = value
            case "--route-km", "--radius-m", "--spacing-m", "--sigma-db", "--fading-m", "--floor-dbm":
                guard let number = Double(value), number.isFinite, argument == "--floor-dbm" || number > 0 else {
                    FileHandle.standardError.write(Data("error: \(argument) expects a positive number\n".utf8))
                    return 2
                }
                switch argument {
                case "--route-km": drive.routeKilometres = number
                case "--radius-m": drive.radiusMeters = number
                case "--spacing-m": drive.spacingMeters = number
                case "--sigma-db": drive.truth.sigmaDB = number
                case "--fading-m": drive.truth.nakagamiM = max(1, Int(number))
                default: drive.truth.floorDBm = number
                }
            case "--out": out = value
            default:
                FileHandle.standardError.write(Data("error: unexpected argument '\(argument)'\n\(usage)\n".utf8))
                return 2
            }
        }
        guard let out else {
            FileHandle.standardError.write(Data("error: --out is required\n\(usage)\n".utf8))
            return 2
        }
        let folder = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let demoFolder = URL(fileURLWithPath: demo)
        let sites = try GeoJSONReader.read(contentsOf: demoFolder.appendingPathComponent("existing-sites.geojson"))
            .features
        let roads = try GeoJSONReader.read(contentsOf: demoFolder.appendingPathComponent("roads.geojson")).features
        let written = try generate(sites: sites, roads: roads, seed: seed, drive: drive, folder: folder)
        print(
            "wrote \(written.cells) cells, \(written.samples) samples (\(written.censored) at the floor) on \(written.positions) positions to \(out)"
        )
        return 0
    }

    struct Cell {
        let id: String
        let site: Int
        let location: Coordinate
        let position: Coordinate
        let heightMeters: Double
        let azimuthDegrees: Double
        let tiltDegrees: Double
    }

    // One function from layout to files: each step is a few lines and they share the projection,
    // the cells and the random streams; splitting it would only pass those around.
    static func generate(sites: [Feature], roads: [Feature], seed: UInt64, drive: Drive, folder: URL) throws -> (
        cells: Int, samples: Int, censored: Int, positions: Int
    ) {
        let truth = drive.truth
        let spacingMeters = drive.spacingMeters
        let radiusMeters = drive.radiusMeters
        var box: BoundingBox?
        for site in sites {
            guard case .point(let c)? = site.geometry else { continue }
            if box == nil { box = BoundingBox(minX: c.x, minY: c.y, maxX: c.x, maxY: c.y) } else { box!.include(c) }
        }
        guard let box else { return (0, 0, 0, 0) }
        let projection = LocalProjection.centered(on: box)

        // Cells: three sectors per site.
        var layout = Xoshiro256StarStar(seed: seed, stream: 1)
        var cells: [Cell] = []
        var fields: [ShadowField] = []
        for (s, site) in sites.enumerated() {
            guard case .point(let c)? = site.geometry, let id = site[property: "id"]?.stringValue,
                let height = site[property: "height_m"]?.doubleValue
            else { continue }
            let rotation = Double(layout.index(120))
            for k in 0..<3 {
                let tilt = Double(8 + layout.index(9)) / 2
                cells.append(
                    Cell(
                        id: "\(id)-\(k + 1)", site: s, location: c, position: projection.project(c),
                        heightMeters: height,
                        azimuthDegrees: rotation + Double(120 * k), tiltDegrees: tilt))
            }
            var stream = Xoshiro256StarStar(seed: seed, stream: 100 + UInt64(s))
            fields.append(
                ShadowField(sigmaDB: truth.sigmaDB, correlationMeters: truth.correlationMeters, random: &stream))
        }
        while fields.count < sites.count {
            var stream = Xoshiro256StarStar(seed: seed, stream: 100 + UInt64(fields.count))
            fields.append(
                ShadowField(sigmaDB: truth.sigmaDB, correlationMeters: truth.correlationMeters, random: &stream))
        }

        // The route: main roads nearest the centre, sampled every `spacingMeters`.
        var candidates: [(distance: Double, index: Int, points: [Coordinate])] = []
        for (index, road) in roads.enumerated() where road[property: "class"]?.stringValue == "main" {
            guard case .lineString(let line)? = road.geometry, line.count >= 2 else { continue }
            let points = line.map(projection.project)
            let mid = points[points.count / 2]
            candidates.append(((mid.x * mid.x + mid.y * mid.y).squareRoot(), index, points))
        }
        candidates.sort { ($0.distance, $0.index) < ($1.distance, $1.index) }
        var positions: [(point: Coordinate, road: Int)] = []
        var length = 0.0
        for road in candidates where length < drive.routeKilometres * 1_000 {
            var carried = 0.0
            for (a, b) in zip(road.points, road.points.dropFirst()) {
                let segment = ((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)).squareRoot()
                var t = carried
                while t < segment {
                    let f = t / segment
                    positions.append((Coordinate(x: a.x + f * (b.x - a.x), y: a.y + f * (b.y - a.y)), road.index))
                    t += spacingMeters
                }
                carried = t - segment
                length += segment
            }
        }

        // Samples.
        var fading = Xoshiro256StarStar(seed: seed, stream: 2)
        var csv = "lon,lat,rsrp_dbm,cell_id,road\n"
        var samples = 0
        var censored = 0
        for position in positions {
            let location = projection.unproject(position.point)
            for cell in cells {
                let east = position.point.x - cell.position.x
                let north = position.point.y - cell.position.y
                guard east * east + north * north <= radiusMeters * radiusMeters else { continue }
                let mean = truth.meanRSRPDBm(
                    eastMeters: east, northMeters: north, bsHeightMeters: cell.heightMeters,
                    azimuthDegrees: cell.azimuthDegrees, tiltDegrees: cell.tiltDegrees)
                let value =
                    mean + fields[cell.site].valueDB(eastMeters: position.point.x, northMeters: position.point.y)
                    + ShadowField.fadingDB(m: truth.nakagamiM, &fading)
                var reported = Precision.tenths.rounded(value) // phones report RSRP in 0.1 dB steps
                if reported <= truth.floorDBm {
                    reported = truth.floorDBm
                    censored += 1
                }
                csv +=
                    "\(fixed(location.x, 6)),\(fixed(location.y, 6)),\(fixed(reported, 1)),\(cell.id),\(position.road)\n"
                samples += 1
            }
        }
        var cellsCSV = "cell_id,site_id,lon,lat,height_m,azimuth_deg,tilt_deg\n"
        for cell in cells {
            let site = sites[cell.site][property: "id"]?.stringValue ?? ""
            cellsCSV +=
                "\(cell.id),\(site),\(fixed(cell.location.x, 7)),\(fixed(cell.location.y, 7)),\(fixed(cell.heightMeters, 1)),\(fixed(cell.azimuthDegrees, 0)),\(fixed(cell.tiltDegrees, 1))\n"
        }
        let truthJSON: JSONValue = .object([
            (
                "description",
                .string("the truth geodata/examples/drive-test was drawn from (nrplan-bench generate-drive-test)")
            ),
            ("seed", .number(Double(seed))),
            ("profile", .string("n78-macro")), ("model", .string("uma/nlos")),
            ("offset_db_at_1km", .number(truth.offsetDB)),
            ("slope_correction_db_per_decade", .number(truth.slopeCorrectionDBPerDecade)),
            ("model_slope_db_per_decade", .number(39.08)),
            ("slope_db_per_decade", .number(39.08 + truth.slopeCorrectionDBPerDecade)),
            ("sigma_db", .number(truth.sigmaDB)),
            ("shadowing_correlation_m", .number(truth.correlationMeters)),
            ("fading_nakagami_m", .number(Double(truth.nakagamiM))),
            ("floor_dbm", .number(truth.floorDBm)),
            ("sample_spacing_m", .number(spacingMeters)), ("scanner_radius_m", .number(radiusMeters)),
            ("route_m", .number(length.rounded())), ("positions", .number(Double(positions.count))),
            ("cells", .number(Double(cells.count))), ("samples", .number(Double(samples))),
            ("samples_at_floor", .number(Double(censored))),
        ])
        try csv.write(to: folder.appendingPathComponent("measurements.csv"), atomically: true, encoding: .utf8)
        try cellsCSV.write(to: folder.appendingPathComponent("cells.csv"), atomically: true, encoding: .utf8)
        try (JSONWriter.string(truthJSON, indent: 2) + "\n").write(
            to: folder.appendingPathComponent("truth.json"), atomically: true, encoding: .utf8)
        return (cells.count, samples, censored, positions.count)
    }

    /// `value` with exactly `decimals` decimals (no exponent), for stable CSV text.
    static func fixed(_ value: Double, _ decimals: Int) -> String { Precision(decimals: decimals).fixed(value) }
}
