import Testing

@testable import Planning

/// The site-id duplicate finder against a `[String: Int]` of first indices (what it replaced), on
/// ASCII ids and on ids that are equal only up to Unicode canonical equivalence.
@Suite("First occurrences of site ids")
struct FirstOccurrencesTests {
    static func reference(_ keys: [String]) -> [Int] {
        var seen: [String: Int] = [:]
        return keys.indices.map { k in
            if let first = seen[keys[k]] { return first }
            seen[keys[k]] = k
            return k
        }
    }

    @Test("random ids with repeats: the same first indices on 1 and 3 threads", arguments: 0..<30)
    func sameAsDictionary(seed: Int) {
        var random = CSVParserReferenceTests.Random(state: UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 | 1)
        let odd = ["K", "\u{212A}", "é", "e\u{301}", "天河", "", " ", "Å", "\u{212B}"]
        let count = Int(random.next() % 20_000)
        let keys = (0..<count).map { _ in
            seed % 3 == 0 && random.next() % 50 == 0
                ? random.pick(odd) : "GZ-\(random.next() % UInt64(max(1, count)))"
        }
        for threads in [1, 3] {
            #expect(FirstOccurrences.of(count: keys.count, threads: threads) { keys[$0] } == Self.reference(keys))
        }
    }
}
