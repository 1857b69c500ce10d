import Foundation
import Geo
import Support
import Testing

@testable import Planning

/// The catalogue reader, which builds features from byte ranges on several threads, against the
/// reader it replaced (kept here as the oracle: a `String` per field from `CSVParser.parse`, one
/// thread) on random catalogues: quotes, doubled quotes, BOM, CRLF, empty and padded cells,
/// Chinese names, exponents, bad coordinates, short rows. Same features (lines, points,
/// properties with their literals) and the same problems in the same order, read whole or in
/// byte ranges; and the sites built straight from the rows against those features checked by
/// `SiteReader`.
@Suite("Catalogue CSV reader against the reference implementation")
struct CatalogueCSVReferenceTests {
    /// The reader before it worked on byte ranges.
    enum Reference {
        static func read(data: Data, file: String, crs: CoordinateSystem, _ diagnostics: inout Diagnostics)
            -> [Feature]?
        {
            guard let text = CatalogueCSVReader.decodeText(data, file: file, &diagnostics) else { return nil }
            let parsed = CSVParser.parse(text, delimiter: CSVParser.detectDelimiter(text))
            for problem in parsed.problems {
                diagnostics.error(file, "line \(problem.line)", message: "invalid CSV: \(problem.message)")
            }
            guard let header = parsed.records.first else {
                diagnostics.error(
                    file, message: "the CSV file is empty: expected a header row with at least id, lon, lat")
                return nil
            }
            guard
                let columns = CatalogueCSVReader.mapHeader(header, file: file, planar: crs.isPlanar, &diagnostics)
            else { return nil }
            var features: [Feature] = []
            for record in parsed.records.dropFirst() {
                guard record.fields.count == header.fields.count else {
                    diagnostics.error(
                        file, "line \(record.line)",
                        expected: "\(header.fields.count) fields as in the header (line \(header.line))",
                        found: "\(record.fields.count)")
                    continue
                }
                if let feature = feature(record, header: header, columns: columns, crs: crs, file: file, &diagnostics) {
                    features.append(feature)
                }
            }
            return features
        }

        static func feature(
            _ record: CSVRecord, header: CSVRecord, columns: [CatalogueCSVReader.Column], crs: CoordinateSystem,
            file: String, _ diagnostics: inout Diagnostics
        ) -> Feature? {
            let planar = crs.isPlanar
            let location = "line \(record.line)"
            var properties: [(key: String, value: JSONValue)] = []
            var longitude: Double?
            var latitude: Double?
            var ok = true
            for (k, column) in columns.enumerated() {
                let raw = record.fields[k]
                let trimmed = raw.trimmingCharacters(in: .whitespaces)
                switch column {
                case .longitude, .latitude:
                    let isX = column == .longitude
                    let what =
                        planar
                        ? (isX ? "an x coordinate in metres" : "a y coordinate in metres")
                        : (isX ? "a longitude in degrees" : "a latitude in degrees")
                    let value = CatalogueCSVReader.coordinate(
                        trimmed, field: header.fields[k], what: what, file: file, location: location, &diagnostics)
                    if value == nil { ok = false }
                    if isX { longitude = value } else { latitude = value }
                case .known(let name):
                    if trimmed.isEmpty && CatalogueCSVReader.defaultedColumns.contains(name) { continue }
                    switch name {
                    case "height_m", "cost": properties.append((name, CatalogueCSVReader.numberOrString(trimmed)))
                    case "id", "kind", "status", "profile": properties.append((name, .string(trimmed)))
                    default: properties.append((name, .string(raw)))
                    }
                case .other(let name):
                    properties.append((name, .string(raw)))
                }
            }
            guard ok, let lon = longitude, let lat = latitude else { return nil }
            let names = (
                columns.firstIndex(of: .longitude).map { header.fields[$0] } ?? "lon",
                columns.firstIndex(of: .latitude).map { header.fields[$0] } ?? "lat"
            )
            guard
                planar
                    || CatalogueCSVReader.checkRange(
                        lon: lon, lat: lat, names: names, file: file, location: location, &diagnostics)
            else { return nil }
            return Feature(
                index: record.line, geometry: .point(crs.toWGS84(Coordinate(x: lon, y: lat))), properties: properties)
        }
    }

    /// The xorshift generator of the CSV parser's reference tests (same sequences).
    typealias Random = CSVParserReferenceTests.Random

    static let numbers = [
        "113.26", "23.1291", "-0", "0", "1e-3", "2.5E+1", " 113.5", "113.5\t", "\u{3000}22.5", "0x1p3", ".5", "5.",
        "+1", "1e400", "nan", "", "abc", "12345678901234567890", "113.12345678901234567", "-91", "181", "90",
        "\"113.2\"", "\"1,5\"", "inf", "1_000",
    ]
    static let texts = [
        "天河区 体育中心", "\"a, b\"", "\"he said \"\"hi\"\"\"", "\"two\nlines\"", "plain", "", " padded ",
        "\u{3000}全角\u{3000}", "é ü 😀", "\"\"", "rooftop", "tower", "open", "reserved", "n78-macro", "x\"y",
        "\"q\"tail",
    ]

    static func catalogue(_ random: inout Random, rows: Int) -> String {
        let header = random.pick([
            "id,lon,lat,name,kind,height_m,cost,status,note",
            "ID,Longitude,纬度,owner,profile,cost,备注,height_m",
            "id,lng,lat",
        ])
        let columns = header.split(separator: ",").count
        var lines = [header]
        for _ in 0..<rows {
            var cells: [String] = []
            let count = random.next() % 40 == 0 ? columns - 1 : columns
            for k in 0..<count {
                let name = header.split(separator: ",")[k].lowercased()
                let numeric = ["lon", "lat", "lng", "longitude", "纬度", "height_m", "cost"].contains(name)
                if numeric && random.next() % 4 != 0 {
                    let lon = name.hasPrefix("l") && name != "lat"
                    cells.append(
                        NumberText.shortest(
                            Double(random.next() % 1_000_000) / 1e4 + (lon ? 110 : 20)))
                } else if name == "id" && random.next() % 3 != 0 {
                    cells.append("GZ-\(random.next() % 100_000)")
                } else {
                    cells.append(random.pick(numeric ? numbers : texts))
                }
            }
            lines.append(cells.joined(separator: ","))
        }
        let newline = random.pick(["\r\n", "\n"])
        let bom = random.next() % 4 == 0 ? "\u{FEFF}" : ""
        return bom + lines.joined(separator: newline) + (random.next() % 2 == 0 ? newline : "")
    }

    static func describe(_ features: [Feature]?) -> [String]? {
        features?.map { feature in
            let point: String
            if case .point(let c)? = feature.geometry {
                point = "\(c.x.bitPattern) \(c.y.bitPattern)"
            } else {
                point = "?"
            }
            return "\(feature.index) \(point) \(JSONWriter.string(.object(feature.properties)))"
        }
    }

    @Test("random catalogues: same features and problems on 1 and 3 threads", arguments: 0..<60)
    func sameAsReference(seed: Int) {
        var random = Random(state: UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 | 1)
        let text = Self.catalogue(&random, rows: seed % 10 == 0 ? 2500 : Int(random.next() % 40))
        let data = Data(text.utf8)
        for crs in [CoordinateSystem.wgs84, .planar] {
            var expected = Diagnostics()
            let reference = Reference.read(data: data, file: "sites.csv", crs: crs, &expected)
            for threads in [1, 3] {
                var actual = Diagnostics()
                let features = CatalogueCSVReader.read(
                    data: data, file: "sites.csv", crs: crs, threads: threads, &actual)
                #expect(Self.describe(features) == Self.describe(reference), "seed \(seed) \(crs) \(threads)")
                #expect(actual.problems == expected.problems, "seed \(seed) \(crs) \(threads)")
                // In byte ranges of a few hundred bytes: cuts inside quoted fields that span lines.
                var ranged = Diagnostics()
                let inRanges = CatalogueCSVReader.rows(
                    bytes: [UInt8](data), file: "sites.csv", crs: crs, threads: threads, rangeBytes: 150, &ranged
                ) { row, _ in Feature(index: row.line, geometry: .point(row.position), properties: row.properties) }
                #expect(Self.describe(inRanges) == Self.describe(reference), "seed \(seed) \(crs) \(threads) ranges")
                #expect(ranged.problems == expected.problems, "seed \(seed) \(crs) \(threads) ranges")
            }
        }
    }

    /// A site's every member that reaches the outputs or messages.
    static func describe(_ sites: [Site]?) -> [String]? {
        sites?.map { site in
            [
                site.id, site.name ?? "-", site.kind.rawValue, "\(site.heightMeters.bitPattern)",
                "\(site.cost.bitPattern)", site.status.rawValue, site.profileName,
                "\(site.location.x.bitPattern) \(site.location.y.bitPattern)",
                JSONWriter.string(.object(site.properties)), site.featureID.map { JSONWriter.string($0) } ?? "-",
                site.sourceFile, site.sourceLocation, site.serviceType ?? "-", site.source.rawValue,
                "\(site.defaulted.rawValue)",
            ].joined(separator: " | ")
        }
    }

    /// GB18030 bytes of a text, through the system's iconv program (independent of the reader's
    /// in-process iconv(3) call).
    static func gb18030(_ text: String) throws -> Data { try CatalogueCSVTests.encoded(text, as: "GB18030") }

    /// Sites built straight from the rows (in ranges of a few hundred bytes, so that cuts fall
    /// inside quoted fields with line breaks) against the reference features checked by
    /// `SiteReader.sites`, the way CSV catalogues were read before: same sites, same problems in
    /// the same order, for candidates and existing sites, radio and service-radius jobs, UTF-8 with
    /// and without BOM, GB18030, CRLF and LF.
    @Test("random catalogues: sites straight from rows equal features read into sites", arguments: 0..<40)
    func sitesSameAsReference(seed: Int) throws {
        var random = Random(state: UInt64(seed) &* 0xA24B_AED4_963E_E407 | 1)
        var text = Self.catalogue(&random, rows: seed % 8 == 0 ? 3000 : Int(random.next() % 60))
        if seed % 3 == 0 {
            // Sites of a service-radius job read `type`; an unknown kind, status and a repeated id.
            text = text.replacingOccurrences(of: ",note", with: ",type").replacingOccurrences(of: "备注", with: "type")
            text += "\nGZ-1,113.1,23.1,n,pole,10,1,maybe,t\nGZ-1,113.1,23.1,n,rooftop,-1,x,open,t\n"
        }
        let data =
            seed % 5 == 4 ? try Self.gb18030(text.replacingOccurrences(of: "\u{FEFF}", with: "")) : Data(text.utf8)
        let options = [
            SiteReader.Options(existing: false, radio: nil),
            SiteReader.Options(existing: true, radio: nil, readsServiceType: true),
        ][seed % 2]
        for crs in [CoordinateSystem.wgs84, .planar] {
            var expected = Diagnostics()
            let features = Reference.read(data: data, file: "sites.csv", crs: crs, &expected)
            let reference = features.map {
                SiteReader.sites(from: $0, file: "sites.csv", options: options, locationLabel: "line", &expected)
            }
            for (threads, rangeBytes) in [(1, CSVChunks.bytes), (1, 200), (3, 97)] {
                var actual = Diagnostics()
                let sites = CatalogueCSVReader.sites(
                    bytes: [UInt8](data), file: "sites.csv", crs: crs, options: options, threads: threads,
                    rangeBytes: rangeBytes, &actual)
                #expect(Self.describe(sites) == Self.describe(reference), "seed \(seed) \(crs) \(threads)")
                #expect(actual.problems == expected.problems, "seed \(seed) \(crs) \(threads) \(rangeBytes)")
            }
        }
    }

    @Test("a number cell read from its bytes equals Double(String) and JSONParser.number")
    func numbersFromBytes() {
        for text in Self.numbers + ["-0.0", "1E-7", "9007199254740993", "2.2250738585072014e-308", "1e-400"] {
            let bytes = Array(text.utf8)
            let fast = bytes.withUnsafeBufferPointer { JSONParser.numberValue($0) }
            let literal = bytes.withUnsafeBufferPointer { JSONParser.literalNumber($0) }
            if let fast {
                #expect(fast.bitPattern == Double(text)?.bitPattern, "\(text)")
                #expect(literal == JSONParser.number(text) && literal?.literal == JSONParser.number(text)?.literal)
            } else {
                #expect(literal == nil)
            }
        }
    }
}
