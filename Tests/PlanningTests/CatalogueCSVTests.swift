import Foundation
import Geo
import Support
import Testing

@testable import Planning

/// CSV catalogues: RFC 4180 parsing, encodings (UTF-8, BOM, GBK/GB18030, UTF-16), columns,
/// messages with line numbers.
@Suite("Catalogue CSV")
struct CatalogueCSVTests {
    static func read(_ text: String, crs: CoordinateSystem = .wgs84) -> (features: [Feature]?, diagnostics: Diagnostics)
    {
        read(Data(text.utf8), crs: crs)
    }

    static func read(_ data: Data, crs: CoordinateSystem = .wgs84) -> (features: [Feature]?, diagnostics: Diagnostics) {
        var diagnostics = Diagnostics()
        let features = CatalogueCSVReader.read(data: data, file: "sites.csv", crs: crs, &diagnostics)
        return (features, diagnostics)
    }

    /// GBK bytes of a string, through the system's iconv program (independent of the reader's
    /// in-process iconv(3) call).
    static func gbk(_ text: String) throws -> Data { try encoded(text, as: "GBK") }

    /// The bytes of a string in `encoding` (an iconv name: GBK, GB18030), through the system's
    /// iconv program.
    static func encoded(_ text: String, as encoding: String) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
        process.arguments = ["-f", "UTF-8", "-t", encoding]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return data
    }

    @Test("RFC 4180: quoted delimiters, doubled quotes, line breaks in quotes, CRLF; line numbers of records")
    func rfc4180() {
        let text = "id,name,note\r\n1,\"a, b\",\"he said \"\"hi\"\"\"\r\n2,\"two\nlines\",x\r\n\r\n3,c,\r\n"
        let parsed = CSVParser.parse(Array(text.utf8))
        #expect(parsed.problems.isEmpty)
        #expect(parsed.records.map(\.line) == [1, 2, 3, 6])
        #expect(parsed.records[1].fields == ["1", "a, b", "he said \"hi\""])
        #expect(parsed.records[2].fields == ["2", "two\nlines", "x"])
        #expect(parsed.records[3].fields == ["3", "c", ""])
    }

    @Test("CSV syntax errors name their line: text after a closing quote, an unclosed quote")
    func syntaxErrors() {
        let parsed = CSVParser.parse(Array("id,name\n1,\"a\"b\n2,\"open\n3,x\n".utf8))
        #expect(parsed.problems.map(\.line) == [2, 3])
        #expect(parsed.problems[0].message.contains("after the closing quote"))
        #expect(parsed.problems[1].message.contains("never closed"))
    }

    @Test("delimiter: comma by default, semicolon or tab when the header uses it")
    func delimiter() {
        #expect(CSVParser.detectDelimiter(Array("id;lon;lat\n".utf8)) == UInt8(ascii: ";"))
        #expect(CSVParser.detectDelimiter(Array("id\tlon\tlat\n".utf8)) == 0x09)
        #expect(CSVParser.detectDelimiter(Array("\"a;b\",lon,lat\n".utf8)) == UInt8(ascii: ","))
        let (features, diagnostics) = Self.read("id;lon;lat;name\nA;113.3;23.1;x\n")
        #expect(diagnostics.problems.isEmpty)
        #expect(features?.count == 1)
    }

    @Test("columns: id, lon, lat become the point; known columns typed; others carried as strings in column order")
    func columns() throws {
        let text =
            "ID,name,Longitude,纬度,height_m,cost,kind,status,owner,power,楼宇编码,remark\n"
            + "000123,天河区第一中学,113.3,23.12,24.5,1e1,,,区教育局,direct,B-77,\n"
        let (features, diagnostics) = Self.read(text)
        #expect(diagnostics.problems.isEmpty, "\(diagnostics.problems)")
        let feature = try #require(features?.first)
        #expect(feature.index == 2)
        #expect(feature.geometry == .point(Coordinate(x: 113.3, y: 23.12)))
        #expect(
            feature.properties.map(\.key) == ["id", "name", "height_m", "cost", "owner", "power", "楼宇编码", "remark"])
        #expect(feature[property: "id"] == .string("000123"))
        #expect(feature[property: "height_m"] == .number(24.5))
        if case .number(let cost)? = feature[property: "cost"] {
            #expect(cost.literal == "1e1")
        } else {
            Issue.record("cost not a number")
        }
        #expect(feature[property: "remark"] == .string(""))
        #expect(feature[property: "name"] == .string("天河区第一中学"))
    }

    @Test("every bad row is reported with its line and column: count, empty, non-numeric, NaN, range, swapped")
    func badRows() {
        let text = """
            id,lon,lat,height_m
            A,113.3,23.1,20
            B,113.3
            C,,23.1,20
            D,abc,23.1,20
            E,NaN,23.1,20
            F,200,23.1,20
            G,23.1,113.3,20
            H,113.3,23.1,-5
            """
        let (features, diagnostics) = Self.read(text)
        let errors = diagnostics.errors.map(\.description)
        #expect(errors.contains { $0.hasPrefix("sites.csv: line 3: expected 4 fields") })
        #expect(errors.contains("sites.csv: line 4: field 'lon': expected a longitude in degrees, found an empty cell"))
        #expect(
            errors.contains {
                $0.hasPrefix(
                    "sites.csv: line 5: field 'lon': expected a longitude in degrees (a decimal number), found 'abc'")
            })
        #expect(
            errors.contains {
                $0.hasPrefix(
                    "sites.csv: line 6: field 'lon': expected a longitude in degrees (a finite number), found 'NaN'")
            })
        #expect(errors.contains { $0.hasPrefix("sites.csv: line 7: field 'lon': expected a longitude in −180…180") })
        #expect(errors.contains { $0.hasPrefix("sites.csv: line 8: field 'lat'") && $0.contains("swapped") })
        #expect(errors.count == 6)
        // Rows with bad coordinates are dropped; H is left for SiteReader (negative height).
        #expect(features?.map { $0.index } == [2, 9])
    }

    @Test("a missing required column or a repeated column is an error on the header line")
    func header() {
        let missing = Self.read("name,lon,latitude\nx,1,2\n")
        #expect(missing.features == nil)
        #expect(
            missing.diagnostics.errors.map(\.description) == [
                "sites.csv: line 1: field 'id': expected a column named 'id' in the header (required: id, lon, lat), found columns 'name', 'lon', 'latitude'"
            ])
        let repeated = Self.read("id,lon,lng,lat\nA,1,1,2\n")
        #expect(repeated.features == nil)
        #expect(repeated.diagnostics.errors.first?.description.contains("a second 'lon' column") == true)
        let empty = Self.read("")
        #expect(empty.features == nil)
        #expect(empty.diagnostics.errors.first?.description.contains("empty") == true)
    }

    @Test("UTF-8 with a BOM reads like UTF-8, without a warning")
    func bom() {
        let data = Data([0xEF, 0xBB, 0xBF] + Array("id,lon,lat,name\nA,113.3,23.1,广州塔\n".utf8))
        let (features, diagnostics) = Self.read(data)
        #expect(diagnostics.problems.isEmpty)
        #expect(features?.first?[property: "name"] == .string("广州塔"))
        #expect(features?.first?.properties.first?.key == "id")
    }

    @Test("GBK (a Chinese Excel export) is detected, converted to UTF-8, and a warning says so")
    func gbkExport() throws {
        let data = try Self.gbk("id,lon,lat,name,owner\nA,113.3,23.1,天河区体育中心,广州市体育局\n")
        #expect(String(data: data, encoding: .utf8) == nil) // really not UTF-8
        let (features, diagnostics) = Self.read(data)
        #expect(diagnostics.errors.isEmpty)
        #expect(
            diagnostics.warnings.map(\.description) == [
                "sites.csv: not UTF-8: read as GB18030/GBK (a Chinese Excel or WPS export) and converted to UTF-8"
            ])
        #expect(features?.first?[property: "name"] == .string("天河区体育中心"))
        #expect(features?.first?[property: "owner"] == .string("广州市体育局"))
    }

    @Test("UTF-16 with a BOM is converted; bytes that are no encoding are an error with the line")
    func otherEncodings() {
        var utf16 = Data([0xFF, 0xFE])
        for unit in "id,lon,lat,name\nA,113.3,23.1,珠江\n".utf16 {
            utf16.append(contentsOf: [UInt8(unit & 0xFF), UInt8(unit >> 8)])
        }
        let (features, diagnostics) = Self.read(utf16)
        #expect(features?.first?[property: "name"] == .string("珠江"))
        #expect(diagnostics.warnings.count == 1)
        // 0xFF is not a GB18030 lead byte and not UTF-8.
        let garbage = Data(Array("id,lon,lat\nA,113.3,23.1\n".utf8) + [0x42, 0xFF, 0xFF, 0x0A])
        let bad = Self.read(garbage)
        #expect(bad.features == nil)
        #expect(
            bad.diagnostics.errors.first?.description.hasPrefix(
                "sites.csv: line 3: the text is neither UTF-8 nor GB18030") == true)
    }

    @Test("coordinates in GCJ-02 are converted to WGS-84 after the range checks")
    func gcj02() throws {
        let (features, _) = Self.read("id,lon,lat\nA,113.3,23.1\n", crs: .gcj02)
        let feature = try #require(features?.first)
        #expect(feature.geometry == .point(GCJ02.toWGS84(Coordinate(x: 113.3, y: 23.1))))
    }
}
