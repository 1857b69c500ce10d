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

    @Test("a large file (`readLarge`) and a small one read byte for byte as Foundation reads them")
    func largeFile() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for size in [10, 9 << 20 + 12345] {
            var bytes = [UInt8](repeating: 0, count: size)
            for k in bytes.indices { bytes[k] = UInt8(truncatingIfNeeded: k &* 2_654_435_761 >> 13) }
            let url = folder.appendingPathComponent("layer-\(size).geojson")
            try Data(bytes).write(to: url)
            let data = try GeoJSONReader.readFile(url, displayName: "layer.geojson")
            #expect(data == (try Data(contentsOf: url)), "\(size) bytes")
            #expect(try GeoJSONReader.readBytes(url, displayName: "layer.geojson") == bytes, "\(size) bytes")
        }
        #expect(throws: GeoError.io(file: "gone.geojson", message: "no such file")) {
            try GeoJSONReader.readFile(folder.appendingPathComponent("gone.geojson"), displayName: "gone.geojson")
        }
    }
}
