import Foundation
import Testing

@testable import Geo

/// Input safety in Geo: non-regular files refused before anything blocks on them. (Syntax errors
/// that say where and the output registry an interrupt closes are tested in SupportTests.)
@Suite("Input/output safety")
struct InputOutputSafetyTests {
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("geo-safety-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
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
}
