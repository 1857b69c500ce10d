import Foundation
import Testing

@testable import Geo

/// Input and output safety in Geo: syntax errors that say where, non-regular files refused, and a
/// temporary-file registry that an interrupt can close.
@Suite("Input/output safety")
struct InputOutputSafetyTests {
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("geo-safety-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("a JSON syntax error names the member path of the value being read")
    func syntaxErrorPath() {
        for (text, path) in [
            (#"{"features":[{"a":1},{"geometry":{"coordinates":[1,NaN]}}]}"#, "features[1].geometry.coordinates[1]"),
            (
                #"{"name":"x","radio":{"overrides":{"n78-macro":{"tx_power_dbm":4 9}}}}"#,
                "radio.overrides.n78-macro.tx_power_dbm"
            ),
            (#"[1, 2, {"a": [true, fals]}]"#, "[2].a[1]"),
            (#"{"a\"b": {"c": }}"#, "a\"b.c"),
            ("nul", ""),
        ] {
            do {
                _ = try JSONParser.parse(Data(text.utf8))
                Issue.record("expected an error for \(text)")
            } catch {
                #expect(error.path == path, "\(text)")
            }
        }
    }

    @Test("a FIFO is refused before anything blocks on reading it")
    func fifo() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("pipe.geojson").path
        #expect(mkfifo(path, 0o600) == 0)
        #expect(throws: GeoError.io(file: "pipe.geojson", message: "is a pipe (FIFO), expected a regular file")) {
            try GeoJSONReader.readFile(URL(fileURLWithPath: path), displayName: "pipe.geojson")
        }
    }

    @Test(
        "abandonRun removes files in flight and completed ones, and refuses new ones; keepCommitted protects finished outputs"
    )
    func abandonRun() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let registry = TemporaryFiles()
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
        for name in [".a.partial", ".b.partial", ".c.partial", ".d.partial"] {
            FileManager.default.createFile(atPath: path(name), contents: Data("x".utf8))
        }
        // a: finished and kept; b: finished after keepCommitted (taken back); c: in flight.
        #expect(registry.register(path(".a.partial")))
        #expect(registry.moveIntoPlace(path(".a.partial"), path("a.json")) == nil)
        registry.keepCommitted()
        #expect(registry.register(path(".b.partial")))
        #expect(registry.moveIntoPlace(path(".b.partial"), path("b.json")) == nil)
        #expect(registry.register(path(".c.partial")))
        #expect(registry.abandonRun() == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == [".d.partial", "a.json"])
        // After the interrupt: no new temporary file, no rename into place.
        #expect(!registry.register(path(".d.partial")))
        #expect(registry.moveIntoPlace(path(".d.partial"), path("d.json")) == "not written: the run was interrupted")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["a.json"])
        #expect(registry.inFlight.isEmpty)
    }
}
