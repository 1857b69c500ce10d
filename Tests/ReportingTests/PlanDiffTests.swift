import Foundation
import Support
import Testing

@testable import Geo
@testable import Reporting

/// `nrplan diff`'s comparison on hand-made runs with every kind of change, and its site pairing
/// against a brute-force model.
@Suite("plan diff")
struct PlanDiffTests {
    static let projection = LocalProjection(centralMeridianDegrees: 113.3, originLatitudeDegrees: 23.1)

    static func site(_ id: String, _ x: Double, _ y: Double) -> RunFolder.Site {
        RunFolder.Site(
            id: id, location: projection.unproject(Coordinate(x: x, y: y)),
            properties: [("id", .string(id)), ("cost", .number(10))])
    }

    /// A rectangular hole from (x0, y0) to (x1, y1) metres, with its true area.
    static func hole(_ id: Int, _ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> RunFolder.Hole {
        let polygon = Polygon.rectangle(minX: x0, minY: y0, maxX: x1, maxY: y1)
        return RunFolder.Hole(
            id: id, geometry: projection.unproject(.polygon(polygon)),
            properties: [("hole_id", .number(Double(id))), ("area_m2", .number((x1 - x0) * (y1 - y0)))])
    }

    static func run(_ sites: [RunFolder.Site], _ holes: [RunFolder.Hole]) -> RunFolder {
        RunFolder(
            path: "run", command: "solve",
            summary: .object([("command", .string("solve")), ("cell_m", .number(10)), ("coverage_ratio", .number(0.9))]
            ),
            sites: sites, holes: holes, coverage: nil)
    }

    @Test("sites: kept, kept within the tolerance, moved by id, moved under a new id, added, removed")
    func sites() {
        let a = [
            Self.site("K", 0, 0), Self.site("K5", 100, 0), Self.site("M", 200, 0), Self.site("OLD", 300, 0),
            Self.site("R", 400, 0), Self.site("P1", 500, 0), Self.site("P2", 504, 0),
        ]
        let b = [
            Self.site("N", 5000, 0), Self.site("K", 0, 0), Self.site("K5", 105, 0), Self.site("M", 250, 0),
            Self.site("NEW", 303, 0), Self.site("Q", 502, 0),
        ]
        let diff = SiteDiff.compare(a, b, toleranceMeters: 10)
        func change(_ id: String) -> SiteDiff.Change? {
            diff.entries.first { e in e.b.map { b[$0].id == id } ?? (e.a.map { a[$0].id == id } ?? false) }?.change
        }
        #expect(change("K") == .kept)
        #expect(change("K5") == .kept) // 5 m ≤ 10 m
        #expect(change("M") == .moved) // same id, 50 m
        #expect(change("NEW") == .moved) // OLD → NEW, 3 m
        #expect(change("N") == .added)
        #expect(change("R") == .removed)
        // Q is 2 m from P1 and P2 alike: the tie goes to A's file order (P1); P2 is removed.
        let q = diff.entries.first { $0.b.map { b[$0].id == "Q" } == true }!
        #expect(q.change == .moved && q.a.map { a[$0].id } == "P1" && !q.sameID)
        #expect(change("P2") == .removed)
        let moved = diff.entries.filter { $0.change == .moved }
        #expect(moved.filter(\.sameID).count == 1 && moved.count == 3)
        #expect(diff.count(.kept) == 2 && diff.count(.added) == 1 && diff.count(.removed) == 2)
        let d = diff.entries.first { $0.b.map { b[$0].id == "M" } == true }!.distanceMeters!
        #expect(abs(d - 50) < 0.01)
        // Tolerance 0: K5 moved by id too; nothing pairs under new ids.
        let strict = SiteDiff.compare(a, b, toleranceMeters: 0)
        #expect(strict.count(.kept) == 1 && strict.count(.moved) == 2 && strict.count(.added) == 3)
    }

    @Test(
        "sites: on random runs the counts add up and the new-id pairs are those a brute-force closest-first pairing makes"
    )
    func sitesBruteForce() {
        var state: UInt64 = 11
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        for _ in 0..<200 {
            let a = (0..<(1 + next(8))).map { Self.site("a\($0 % 5)", Double(next(60)), Double(next(60))) }
                .reduce(into: [RunFolder.Site]()) { list, s in
                    if !list.contains(where: { $0.id == s.id }) { list.append(s) }
                }
            let b = (0..<(1 + next(8))).map {
                Self.site(["a", "b"][next(2)] + "\($0 % 5)", Double(next(60)), Double(next(60)))
            }
            .reduce(into: [RunFolder.Site]()) { list, s in
                if !list.contains(where: { $0.id == s.id }) { list.append(s) }
            }
            let tolerance = Double(next(30))
            let diff = SiteDiff.compare(a, b, toleranceMeters: tolerance)
            let kept = diff.count(.kept)
            let moved = diff.count(.moved)
            #expect(kept + moved + diff.count(.added) == b.count)
            #expect(kept + moved + diff.count(.removed) == a.count)
            // Brute force: ids in one run only, every pair within the tolerance, closest first.
            let onlyA = a.indices.filter { i in !b.contains { $0.id == a[i].id } }
            let onlyB = b.indices.filter { j in !a.contains { $0.id == b[j].id } }
            func metres(_ s: RunFolder.Site) -> Coordinate { Self.projection.project(s.location) }
            var pairs: [(Double, Int, Int)] = []
            for i in onlyA {
                for j in onlyB {
                    let d = hypot(metres(a[i]).x - metres(b[j]).x, metres(a[i]).y - metres(b[j]).y)
                    if d <= tolerance + 1e-6 { pairs.append((d, i, j)) }
                }
            }
            pairs.sort { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }
            var usedA = Set<Int>()
            var usedB = Set<Int>()
            var expected = Set<[Int]>()
            for (_, i, j) in pairs where !usedA.contains(i) && !usedB.contains(j) {
                usedA.insert(i)
                usedB.insert(j)
                expected.insert([i, j])
            }
            let found = Set(diff.entries.filter { $0.change == .moved && !$0.sameID }.map { [$0.a!, $0.b!] })
            #expect(found == expected)
        }
    }

    @Test(
        "holes: appeared, disappeared, shrank, grew, split, merged, reshaped, unchanged, and edge contact is no overlap"
    )
    func holes() throws {
        let a = [
            Self.hole(1, 0, 0, 200, 200), // shrinks to its left half
            Self.hole(2, 1000, 0, 1100, 100), // unchanged
            Self.hole(3, 2000, 0, 2100, 100), // disappears
            Self.hole(4, 3000, 0, 3100, 100), // grows
            Self.hole(5, 4000, 0, 4300, 100), // splits in two
            Self.hole(6, 5000, 0, 5100, 100), Self.hole(7, 5200, 0, 5300, 100), // merge
            Self.hole(8, 6000, 0, 6100, 200), // reshaped: tall → wide, same area
            Self.hole(9, 7000, 0, 7100, 100), // B's hole 9 only touches its edge
        ]
        let b = [
            Self.hole(11, 0, 0, 100, 200), Self.hole(12, 1000, 0, 1100, 100), Self.hole(14, 3000, 0, 3200, 100),
            Self.hole(15, 4000, 0, 4100, 100), Self.hole(16, 4200, 0, 4300, 100), Self.hole(17, 5000, 0, 5300, 100),
            Self.hole(18, 6000, 0, 6200, 100), Self.hole(19, 7100, 0, 7200, 100), Self.hole(20, 9000, 0, 9050, 50),
        ]
        let diff = try HoleDiff.compare(a, b, minimumOverlapSquareMeters: 50, threads: 2)
        func entry(b id: Int) -> HoleDiff.Entry? { diff.entries.first { $0.b.map { b[$0].id } == id } }
        #expect(entry(b: 11)?.change == .shrank && entry(b: 11)?.areaA == 40_000 && entry(b: 11)?.areaB == 20_000)
        #expect(abs((entry(b: 11)?.overlap ?? 0) - 20_000) < 1)
        #expect(entry(b: 12)?.change == .unchanged)
        #expect(entry(b: 14)?.change == .grew)
        #expect(entry(b: 15)?.change == .shrank && entry(b: 16)?.change == .shrank)
        #expect(entry(b: 15)?.a.map { a[$0].id } == [5])
        #expect(entry(b: 17)?.change == .grew && entry(b: 17)?.a.map { a[$0].id } == [6, 7])
        #expect(entry(b: 17)?.areaA == 20_000)
        #expect(entry(b: 18)?.change == .reshaped)
        #expect(entry(b: 19)?.change == .appeared)
        #expect(entry(b: 20)?.change == .appeared)
        let gone = diff.entries.filter { $0.change == .disappeared }.map { a[$0.a[0]].id }.sorted()
        #expect(gone == [3, 9])
        let counts = HoleDiff.Change.allCases.map { diff.count($0) }
        #expect(counts == [2, 2, 3, 2, 1, 1]) // appeared, disappeared, shrank, grew, reshaped, unchanged
        // Largest change first.
        let deltas = diff.entries.map { abs($0.deltaSquareMeters) }
        #expect(deltas == deltas.sorted(by: >))
    }

    @Test("a whole comparison: cost, districts and warnings")
    func whole() throws {
        var a = Self.run([Self.site("K", 0, 0), Self.site("R", 500, 0)], [Self.hole(1, 0, 0, 100, 100)])
        var b = Self.run([Self.site("K", 0, 0), Self.site("N", 900, 0)], [])
        a.summary = .object([
            ("command", .string("solve")), ("cell_m", .number(10)), ("coverage_ratio", .number(0.9)),
            ("cost_total", .number(20)), ("area_km2", .number(2)),
            (
                "continuity",
                .object([
                    (
                        "districts",
                        .array([
                            .object([("name", .string("东区")), ("coverage_ratio", .number(0.9)), ("holes", .number(1))])
                        ])
                    )
                ])
            ),
        ])
        b.summary = .object([
            ("command", .string("audit")), ("cell_m", .number(20)), ("coverage_ratio", .number(1)),
            ("area_km2", .number(2)),
            (
                "continuity",
                .object([
                    (
                        "districts",
                        .array([
                            .object([("name", .string("西区")), ("coverage_ratio", .number(1)), ("holes", .number(0))]),
                            .object([("name", .string("东区")), ("coverage_ratio", .number(1)), ("holes", .number(0))]),
                        ])
                    )
                ])
            ),
        ])
        let diff = try PlanDiff.compare(a, b, toleranceMeters: 10, threads: 1)
        #expect(a.cost == 20 && b.cost == 20) // the audit's cost: its sites' cost properties
        #expect(diff.costAdded == 10 && diff.costRemoved == 10)
        #expect(diff.districts.map(\.name) == ["东区", "西区"])
        #expect(
            diff.districts[0].coverageA == 0.9 && diff.districts[0].coverageB == 1 && diff.districts[1].coverageA == nil
        )
        #expect(diff.warnings.count == 1 && diff.warnings[0].contains("different demand cells"))
        #expect(diff.holes.count(.disappeared) == 1)
        let summary = DiffSummary.json(diff)
        #expect(summary["sites_added"]?.doubleValue == 1 && summary["sites_removed"]?.doubleValue == 1)
        #expect(summary["sites_kept"]?.doubleValue == 1 && summary["sites_moved"]?.doubleValue == 0)
        #expect(summary["coverage_ratio_delta"]?.doubleValue == 0.1)
        #expect(summary["coverage_change"] == .null)
    }
}
