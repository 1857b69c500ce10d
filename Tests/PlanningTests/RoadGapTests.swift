import Foundation
import Testing

@testable import Geo
@testable import Planning

/// Issue 13, point 4: the road metric (`RoadNetwork` samples, `RoadReport` gaps) against an
/// independent continuous computation on hand-made roads: a straight road that leaves the area at
/// both ends and crosses a district border, a curved road, and a road of two features that chain.
/// Coverage is a set of disks; the reference walks each polyline in 1 cm steps and measures the
/// in-area length and every maximal uncovered in-area stretch exactly (to 1 cm). The sampled figures
/// may differ from it by at most one sample piece per end of a stretch (a piece counts by its middle).
@Suite("Roads: gap metric vs an independent computation")
struct RoadGapTests {
    static let projection = LocalProjection(centralMeridianDegrees: 113.3, originLatitudeDegrees: 23.1)
    static let sampleMeters = 10.0

    /// Two districts: west [0, 1000] × [0, 1000] m and east [1000, 2000] × [0, 1000] m.
    static func inArea(_ p: Coordinate) -> Bool { p.x >= 0 && p.x <= 2000 && p.y >= 0 && p.y <= 1000 }
    static let districts: [District] = [(0.0, "west"), (1000.0, "east")].map { x0, name in
        District(
            name: name,
            geometry: projection.unproject(
                Geometry.polygon(.rectangle(minX: x0, minY: 0, maxX: x0 + 1000, maxY: 1000))),
            properties: [])
    }

    /// Covered where some disk (centre, radius in metres) holds the point.
    static let disks: [(Coordinate, Double)] = [
        (Coordinate(x: 300, y: 500), 150), (Coordinate(x: 1200, y: 520), 100), (Coordinate(x: 1700, y: 480), 200),
        (Coordinate(x: 1000, y: 360), 120), (Coordinate(x: 500, y: 650), 90),
    ]
    static func covered(_ p: Coordinate) -> Bool {
        disks.contains { c, r in (p.x - c.x) * (p.x - c.x) + (p.y - c.y) * (p.y - c.y) <= r * r }
    }

    /// The hand-made roads in local metres: name → parts.
    static let roads: [(String, [[Coordinate]])] = [
        // Leaves the area at x < 0 and x > 2000; crosses the district border at x = 1000.
        ("straight", [[Coordinate(x: -200, y: 500), Coordinate(x: 2200, y: 500)]]),
        // An arc of radius 700 m around (1000, −300), its ends below the area's south edge.
        (
            "curved",
            [
                (0...60).map { k in
                    let angle = Double.pi * (0.95 - 0.9 * Double(k) / 60)
                    return Coordinate(x: 1000 + 700 * cos(angle), y: -300 + 700 * sin(angle))
                }
            ]
        ),
        // Two features that meet end to end (the second reversed) and chain into one route.
        (
            "chained",
            [
                [Coordinate(x: 500, y: 100), Coordinate(x: 500, y: 400)],
                [Coordinate(x: 900, y: 900), Coordinate(x: 500, y: 900), Coordinate(x: 500, y: 400)],
            ]
        ),
    ]

    /// The reference: in-area length and the uncovered in-area stretches (from, to along the road).
    static func reference(_ parts: [Coordinate]) -> (length: Double, gaps: [(Double, Double)]) {
        var length = 0.0
        var gaps: [(Double, Double)] = []
        var open: Double?
        var measure = 0.0
        let step = 0.01
        for k in 1..<parts.count {
            let a = parts[k - 1]
            let b = parts[k]
            let segment = ((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)).squareRoot()
            let steps = Int((segment / step).rounded(.up))
            for s in 0..<steps {
                let t = (Double(s) + 0.5) / Double(steps)
                let p = Coordinate(x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y))
                let here = measure + segment * Double(s) / Double(steps)
                let piece = segment / Double(steps)
                let inside = inArea(p)
                if inside { length += piece }
                if inside && !covered(p) {
                    if open == nil { open = here }
                } else if let start = open {
                    gaps.append((start, here))
                    open = nil
                }
            }
            measure += segment
        }
        if let start = open { gaps.append((start, measure)) }
        return (length, gaps)
    }

    @Test("lengths, gaps and their measures agree with the continuous reference within one sample piece")
    func againstReference() throws {
        let roads = Self.roads.map { name, parts in
            Road(
                name: name, parts: parts.map { $0.map(Self.projection.unproject) }, widthMeters: 7, entry: 0,
                sourceFile: "roads.geojson", sourceLocation: "feature")
        }
        let settings = RoadSettings(
            entries: [.init(file: "roads.geojson", servingProfile: nil, judgedProfiles: [:], sampleMeters: 10)],
            roads: roads)
        let network = try RoadNetwork.build(
            settings, districts: Self.districts, projection: Self.projection, threads: 2)
        #expect(network.roads.map(\.name) == ["straight", "curved", "chained"])
        #expect(network.roads[2].routes.count == 1, "the two features of 'chained' form one route")
        let coveredRow = (0..<network.rowCount).map {
            Self.covered(network.samplePoints[Int(network.sampleOfRow[$0])])
        }
        let report = RoadReport.measure(network, coveredRow: coveredRow)
        let tolerance = Self.sampleMeters + 1e-6
        var crossing = 0
        for (r, (name, parts)) in Self.roads.enumerated() {
            // The chained road's route runs from the first feature's start through the reversed second.
            let line = r == 2 ? parts[0] + parts[1].reversed().dropFirst() : parts[0]
            let expected = Self.reference(line)
            let figures = report.roads[r]
            #expect(abs(figures.lengthMeters - expected.length) <= tolerance, "\(name): length")
            let gaps = report.gaps.filter { $0.road == r }
            #expect(gaps.count == expected.gaps.count, "\(name): \(gaps.count) gaps vs \(expected.gaps.count)")
            for (gap, reference) in zip(gaps, expected.gaps) {
                #expect(abs(gap.fromMeters - reference.0) <= tolerance / 2 + 1e-6, "\(name): from")
                #expect(abs(gap.toMeters - reference.1) <= tolerance / 2 + 1e-6, "\(name): to")
                if gap.fromMeters < 1200 && gap.toMeters > 1200 && r == 0 { crossing += 1 }
            }
            let longest = expected.gaps.map { $0.1 - $0.0 }.max() ?? 0
            #expect(abs(figures.longestGapMeters - longest) <= tolerance, "\(name): longest gap")
            let coveredLength = expected.length - expected.gaps.reduce(0) { $0 + $1.1 - $1.0 }
            #expect(abs(figures.coveredMeters - coveredLength) <= tolerance * Double(2 * gaps.count + 2))
        }
        // The straight road's stretch from x = 450 to 1100 crosses the border (x = 1000 at 1200 m along
        // the road) as one gap: districts do not cut a stretch.
        #expect(crossing == 1)
        // Outside the area is not demand: the straight road's first gap starts where it enters.
        let first = try #require(report.gaps.first { $0.road == 0 })
        #expect(abs(first.fromMeters - 200) <= Self.sampleMeters / 2 + 1e-6)
    }
}
