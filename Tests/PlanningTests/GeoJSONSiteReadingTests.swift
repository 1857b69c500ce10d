import Foundation
import Testing

@testable import Geo
@testable import Planning
@testable import Support

/// A GeoJSON site file read straight into sites (`SiteReader.sites(geoJSON:)`, no array of
/// features) against the features read first by the general parser and then made into sites
/// (`SiteReader.sites(from:)`): the same sites, properties and messages, on any number of threads.
@Suite("GeoJSON sites straight from the bytes")
struct GeoJSONSiteReadingTests {
    /// A catalogue with awkward but valid features: escapes, Chinese names, numbers as ids, feature
    /// ids, optional members missing or null, extra members; large enough to be read in ranges.
    static func catalogue(count: Int, bad: [Int: String] = [:]) -> Data {
        var lines: [String] = []
        for k in 0..<count {
            let lon = 113.2 + Double(k % 97) * 0.001
            let lat = 23.1 + Double(k % 89) * 0.001
            var members: [String] = []
            switch k % 5 {
            case 0: members.append(#""id":"S-\#(k)""#)
            case 1: members.append(#""id":\#(k)"#)
            case 2: members.append(#""id":"S\u002d\#(k)""#)
            default: members.append(#""id":"S-\#(k)""#)
            }
            if k % 3 != 0 { members.append(#""name":"木棉\#(k)号 \"塔\" \\ \n""#) }
            if k % 4 == 1 { members.append(#""kind":"tower""#) }
            if k % 4 == 2 { members.append(#""kind":null"#) }
            if k % 6 != 5 { members.append(#""height_m":\#(10 + k % 30).5e0"#) }
            if k % 7 != 3 { members.append(#""cost":\#(k % 50)"#) }
            if k % 8 == 1 { members.append(#""status":"reserved""#) }
            if k % 9 == 4 { members.append(#""profile":"macro-3500""#) }
            members.append(#""owner":"南湾区\#(k % 13)","extra":{"a":[1,2,{"b":null}]},"flag":true"#)
            if let replacement = bad[k] { members = [replacement] }
            // `properties` null: the feature's own id names the site.
            let properties = k % 101 == 100 ? "null" : "{" + members.joined(separator: ",") + "}"
            let id =
                k % 11 == 0 || properties == "null" ? #""id":"F\#(k)","# : k % 11 == 1 ? #""id":\#(k),"# : ""
            lines.append(
                #"{"type":"Feature",\#(id)"geometry":{"type":"Point","coordinates":[\#(lon),\#(lat)]},"properties":\#(properties)}"#
            )
        }
        return Data(("{\"type\":\"FeatureCollection\",\"features\":[\n" + lines.joined(separator: ",\n") + "]}").utf8)
    }

    /// A site as text: every member a run reads.
    static func describe(_ site: Site) -> String {
        [
            site.id, site.name ?? "-", site.kind.rawValue, "\(site.heightMeters)", "\(site.cost)", site.status.rawValue,
            site.profileName, "\(site.location.x),\(site.location.y)", site.sourceFile, site.sourceLocation,
            site.serviceType ?? "-", site.source.rawValue, "\(site.defaulted.rawValue)",
            site.featureID.map { JSONWriter.string($0) } ?? "-", JSONWriter.string(.object(site.properties)),
        ].joined(separator: " | ")
    }

    /// The sites of the features read first (the general parser, every property built).
    static func reference(_ data: Data, options: SiteReader.Options) throws -> (sites: [String], problems: [String]) {
        let features = try GeoJSONReader.parse(json: JSONParser.parse(data), file: "c.geojson").features
        var diagnostics = Diagnostics()
        let sites = SiteReader.sites(from: features, file: "c.geojson", options: options, &diagnostics)
        return (sites.map(describe), diagnostics.problems.map(\.description))
    }

    @Test("same sites as the features read first, on 1, 2 and 3 threads; the SHA-256 job run once on several")
    func sameSites() throws {
        let data = Self.catalogue(count: 5000)
        #expect(data.count > 4 * GeoJSONStreamReader.Reader.rangeBytes) // read in ranges on several threads
        for readsServiceType in [false, true] {
            var options = SiteReader.Options(existing: false, radio: nil)
            options.readsServiceType = readsServiceType
            let reference = try Self.reference(data, options: options)
            #expect(reference.problems.isEmpty && reference.sites.count == 5000)
            for threads in 1...3 {
                var diagnostics = Diagnostics()
                var runs = 0
                let sites = try #require(
                    SiteReader.sites(
                        geoJSON: data, file: "c.geojson", crs: .wgs84, options: options, threads: threads,
                        alongside: { runs += 1 }, &diagnostics))
                #expect(sites.map(Self.describe) == reference.sites, "\(threads) threads")
                #expect(diagnostics.problems.isEmpty)
                #expect(runs == (threads > 1 ? 1 : 0))
            }
        }
    }

    @Test("a problem: the same messages on one thread; in a later range, nil (the caller reads features first)")
    func problems() throws {
        let bad = [3: #""id":"""#, 3500: #""id":"X","kind":"castle","height_m":-1"#]
        let data = Self.catalogue(count: 4000, bad: bad)
        let options = SiteReader.Options(existing: true, radio: nil)
        let reference = try Self.reference(data, options: options)
        #expect(reference.problems.count == 3)
        var diagnostics = Diagnostics()
        let sites = try #require(
            SiteReader.sites(
                geoJSON: data, file: "c.geojson", crs: .wgs84, options: options, threads: 1, alongside: nil,
                &diagnostics))
        #expect(sites.map(Self.describe) == reference.sites)
        #expect(diagnostics.problems.map(\.description) == reference.problems)
        var parallel = Diagnostics()
        #expect(
            SiteReader.sites(
                geoJSON: data, file: "c.geojson", crs: .wgs84, options: options, threads: 2, alongside: nil, &parallel)
                == nil)
        #expect(parallel.problems.isEmpty)
    }

    @Test("through the loader: the same sites and messages on 1 and 2 threads, file recorded once")
    func loader() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nrplan-geojson-sites-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, data) in [
            ("good.geojson", Self.catalogue(count: 3000)),
            ("bad.geojson", Self.catalogue(count: 3000, bad: [2900: #""id":"B","cost":"free""#])),
        ] {
            let url = folder.appendingPathComponent(name)
            try data.write(to: url)
            let reference = try Self.reference(data, options: SiteReader.Options(existing: false, radio: nil))
            for threads in [1, 2] {
                var diagnostics = Diagnostics()
                var inputs: [InputFile] = []
                let sites = InputFiles.sites(
                    url: url, displayName: "c.geojson", existing: false, threads: threads, diagnostics: &diagnostics,
                    inputs: &inputs)
                #expect(sites.map(Self.describe) == reference.sites, "\(name), \(threads) threads")
                #expect(diagnostics.problems.map(\.description) == reference.problems, "\(name), \(threads) threads")
                #expect(inputs.count == 1 && inputs.first?.sha256 == SHA256.hex(data))
            }
        }
    }
}
