import Foundation
import Support
import Testing

@testable import Geo

/// The `features` array read in ranges on several threads against the one-thread read and the
/// general path: same features (indices included) on generated files large enough to be split,
/// also when a guessed cut lands inside a string (the read then falls back to front to back).
@Suite("GeoJSON read on several threads")
struct GeoJSONParallelReadTests {
    typealias Generator = GeoJSONStreamReaderTests.Generator

    /// A collection of at least `bytes` bytes; with `trap`, string members end in `},{` so that a
    /// guessed feature start can fall at a string's closing quote.
    static func collection(seed: Int, bytes: Int, trap: Bool) -> String {
        var generator = Generator(state: UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 &+ 7)
        var features: [String] = []
        var size = 0
        while size < bytes {
            var feature = generator.feature()
            if trap, generator.next() % 3 == 0 {
                // A string that ends in "},{" looks like a feature start at its closing quote.
                feature.insert(contentsOf: #""trap": "x}, {", "#, at: feature.index(after: feature.startIndex))
            }
            size += feature.utf8.count + 3
            features.append(feature)
        }
        let separator = seed % 2 == 0 ? ",\n" : ","
        return #"{"type": "FeatureCollection", "features": ["# + features.joined(separator: separator)
            + "], \"bbox\": [0, 0, 1, 1]}"
    }

    @Test("split reads equal the one-thread read and the general path", arguments: 0..<6)
    func sameFeatures(seed: Int) throws {
        let text = Self.collection(seed: seed, bytes: 1_300_000 + seed * 100_000, trap: seed >= 4)
        let data = Data(text.utf8)
        let one = try #require(GeoJSONReader.fastParse(data: data, threads: 1), "seed \(seed)")
        let general = try GeoJSONStreamReaderTests.general(data)
        GeoJSONStreamReaderTests.expectSame(one.features, general.features, "seed \(seed), 1 thread")
        for threads in [2, 3, 8] {
            // The task alongside (a file's SHA-256 in the loader) runs once when the read is split.
            var runs = 0
            let split = try #require(
                GeoJSONReader.fastParse(data: data, threads: threads, alongside: { runs += 1 }), "seed \(seed)")
            GeoJSONStreamReaderTests.expectSame(split.features, one.features, "seed \(seed), \(threads) threads")
            #expect(runs == 1, "seed \(seed), \(threads) threads")
        }
        var runs = 0
        _ = GeoJSONReader.fastParse(data: data, threads: 1, alongside: { runs += 1 })
        #expect(runs == 0, "one thread: the caller runs the task")
    }

    @Test("the ranges are really read apart: a split read sees every feature start it guessed")
    func guessesAreFeatureStarts() throws {
        let text = Self.collection(seed: 11, bytes: 1_100_000, trap: false)
        let data = Data(text.utf8)
        let found = data.withUnsafeBytes { raw -> Int in
            let bytes = raw.bindMemory(to: UInt8.self)
            var count = 0
            var from = 0
            while let start = GeoJSONStreamReader.Reader.featureStart(in: bytes, from: from) {
                #expect(bytes[start] == UInt8(ascii: "{"))
                count += 1
                from = start + 1
            }
            return count
        }
        let features = try #require(GeoJSONReader.fastParse(data: data, threads: 1)).features
        // Every feature after the first starts after "},": the search finds each one (and, in
        // this file without traps, only those or the nested objects that also follow "},").
        #expect(found >= features.count - 1)
    }

    @Test("an invalid feature in a later range still sends the file to the general path")
    func errorsStayGeneral() throws {
        var text = Self.collection(seed: 3, bytes: 1_200_000, trap: false)
        let range = try #require(text.range(of: #""type":"Feature""#, options: .backwards))
        text.replaceSubrange(range, with: #""type":"Featur""#)
        let data = Data(text.utf8)
        #expect(GeoJSONReader.fastParse(data: data, threads: 2) == nil)
        #expect(throws: GeoError.self) { try GeoJSONReader.parse(data: data, file: "f.geojson", threads: 2) }
    }
}
