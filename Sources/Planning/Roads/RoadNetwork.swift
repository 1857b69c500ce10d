import Geo
import Support

/// The roads of a job as demand: each road (features sharing a name) chained into routes, each route
/// cut into equal pieces with one sample at each piece's middle, and the samples that lie inside the
/// planning area as the rows the solver and the continuity stage see (docs/scenario.md, `demand.roads`).
///
/// - Routes: a road's parts (LineStrings and the lines of MultiLineStrings) in file order, joined end
///   to end where an end of one lies within `joinToleranceMeters` of an end of another (reversing a
///   part when needed); a part that joins nothing, or a third branch at a junction, starts a route of
///   its own. Gaps run across joined parts, never across a break between routes.
/// - Measure: the distance along the road's mapped line, its routes laid end to end in order
///   (`from_m`/`to_m` of road-gaps.geojson), parts outside the area included.
/// - Samples: a route of length L gets n = ⌈L / `sample_m`⌉ pieces of L / n; the piece is inside the
///   area when its middle is (in a district's polygon, exclusions included: a road through a park or
///   over a river is still a road), so the area's edge is resolved to one piece. Pieces outside the
///   area are not demand and break an uncovered stretch.
public struct RoadNetwork: Sendable {
    /// Parts whose ends lie this close (metres) are joined into one route.
    public static let joinToleranceMeters = 1.0

    /// A named road.
    public struct RoadInfo: Sendable {
        public var name: String
        /// Its `demand.roads` entry.
        public var entry: Int
        /// Width of the carriageway (m²/m of demand weight); the first feature's when they differ.
        public var widthMeters: Double
        /// Its routes, indices into `routes`.
        public var routes: Range<Int>
        /// Length of the mapped lines, metres.
        public var mappedLengthMeters: Double
        /// Length inside the planning area (the demand), metres.
        public var lengthMeters: Double
    }

    /// A polyline of chained parts.
    public struct Route: Sendable {
        public var road: Int
        /// Vertices in local metres.
        public var points: [Coordinate]
        /// Distance from the first vertex at each vertex.
        public var cumulative: [Double]
        /// Measure of the route's start along its road.
        public var offsetMeters: Double
        /// Its samples, indices into the sample arrays.
        public var samples: Range<Int>
        public var lengthMeters: Double { cumulative.last ?? 0 }
    }

    public let projection: LocalProjection
    public let roads: [RoadInfo]
    public let routes: [Route]
    /// Per sample: position in local metres, the route-local measures where its piece starts and
    /// ends, its route, its district (−1 outside the area) and its row (−1 outside the area).
    public let samplePoints: [Coordinate]
    public let sampleFrom: [Double]
    public let sampleTo: [Double]
    public let sampleRoute: [Int32]
    public let sampleDistrict: [Int32]
    public let rowOfSample: [Int32]
    /// Per row (an in-area sample): its sample.
    public let sampleOfRow: [Int32]
    /// Per row: width × piece length (m²), the demand weight of the sample.
    public let rowWeights: [Double]

    /// Number of rows (samples inside the area).
    public var rowCount: Int { sampleOfRow.count }

    /// Chains, samples and locates the roads of `settings`.
    /// - Parameters:
    ///   - districts: the planning area's districts (WGS-84), to tell which samples are demand.
    /// - Throws: `.geometry` when a district polygon cannot be prepared.
    /// - Complexity: O(vertices + samples × log(vertices)) plus one point-in-polygon test per sample.
    public static func build(
        _ settings: RoadSettings, districts: [District], projection: LocalProjection, threads: Int
    ) throws(PlanningError) -> RoadNetwork {
        var order: [String] = []
        var featuresByName: [String: [Int]] = [:]
        for (k, road) in settings.roads.enumerated() {
            if featuresByName[road.name] == nil { order.append(road.name) }
            featuresByName[road.name, default: []].append(k)
        }
        var roads: [RoadInfo] = []
        var routes: [Route] = []
        var points: [Coordinate] = []
        var from: [Double] = []
        var to: [Double] = []
        var routeOfSample: [Int32] = []
        for name in order {
            let features = featuresByName[name] ?? []
            let first = settings.roads[features[0]]
            let parts = features.flatMap { settings.roads[$0].parts.map { $0.map(projection.project) } }
            let start = routes.count
            var offset = 0.0
            for line in chain(parts) {
                var route = Route(
                    road: roads.count, points: line, cumulative: cumulativeLengths(line), offsetMeters: offset,
                    samples: points.count..<points.count)
                let length = route.lengthMeters
                let spacing = settings.entries[first.entry].sampleMeters
                let pieces = length > 0 ? max(1, Int((length / spacing - 1e-9).rounded(.up))) : 0
                for k in 0..<pieces {
                    let a = length * Double(k) / Double(pieces)
                    let b = length * Double(k + 1) / Double(pieces)
                    points.append(route.point(at: (a + b) / 2))
                    from.append(a)
                    to.append(b)
                    routeOfSample.append(Int32(routes.count))
                }
                route.samples = route.samples.lowerBound..<points.count
                routes.append(route)
                offset += length
            }
            roads.append(
                RoadInfo(
                    name: name, entry: first.entry, widthMeters: first.widthMeters, routes: start..<routes.count,
                    mappedLengthMeters: offset, lengthMeters: 0))
        }
        let district = try PolygonLookup.firstContaining(
            districts.map(\.geometry), points: points.map(projection.unproject), threads: threads)
        var rowOfSample = [Int32](repeating: -1, count: points.count)
        var sampleOfRow: [Int32] = []
        var weights: [Double] = []
        for s in points.indices where district[s] >= 0 {
            rowOfSample[s] = Int32(sampleOfRow.count)
            sampleOfRow.append(Int32(s))
            let road = routes[Int(routeOfSample[s])].road
            roads[road].lengthMeters += to[s] - from[s]
            weights.append(roads[road].widthMeters * (to[s] - from[s]))
        }
        return RoadNetwork(
            projection: projection, roads: roads, routes: routes, samplePoints: points, sampleFrom: from,
            sampleTo: to, sampleRoute: routeOfSample, sampleDistrict: district, rowOfSample: rowOfSample,
            sampleOfRow: sampleOfRow, rowWeights: weights)
    }

    /// The parts joined end to end into routes (file order; see the type's documentation).
    /// - Complexity: O(parts² + vertices).
    static func chain(_ parts: [[Coordinate]]) -> [[Coordinate]] {
        func near(_ a: Coordinate, _ b: Coordinate) -> Bool {
            let dx = a.x - b.x
            let dy = a.y - b.y
            return dx * dx + dy * dy <= joinToleranceMeters * joinToleranceMeters
        }
        var used = [Bool](repeating: false, count: parts.count)
        var routes: [[Coordinate]] = []
        for seed in parts.indices where !used[seed] {
            used[seed] = true
            var line = parts[seed]
            var extended = true
            while extended {
                extended = false
                for k in parts.indices where !used[k] {
                    let part = parts[k]
                    if near(line[line.count - 1], part[0]) {
                        line += part.dropFirst()
                    } else if near(line[line.count - 1], part[part.count - 1]) {
                        line += part.reversed().dropFirst()
                    } else if near(line[0], part[part.count - 1]) {
                        line = part + line.dropFirst()
                    } else if near(line[0], part[0]) {
                        line = part.reversed() + line.dropFirst()
                    } else {
                        continue
                    }
                    used[k] = true
                    extended = true
                    break
                }
            }
            routes.append(line)
        }
        return routes
    }

    static func cumulativeLengths(_ line: [Coordinate]) -> [Double] {
        var result = [0.0]
        result.reserveCapacity(line.count)
        for k in 1..<max(1, line.count) {
            let dx = line[k].x - line[k - 1].x
            let dy = line[k].y - line[k - 1].y
            result.append(result[k - 1] + (dx * dx + dy * dy).squareRoot())
        }
        return result
    }
}

extension RoadNetwork.Route {
    /// The point at `measure` metres from the route's start (clamped to the route).
    public func point(at measure: Double) -> Coordinate {
        guard points.count > 1 else { return points[0] }
        let m = min(max(measure, 0), lengthMeters)
        // The last vertex whose cumulative length is ≤ m.
        var low = 0
        var high = cumulative.count - 1
        while high - low > 1 {
            let mid = (low + high) / 2
            if cumulative[mid] <= m { low = mid } else { high = mid }
        }
        let span = cumulative[high] - cumulative[low]
        let t = span > 0 ? (m - cumulative[low]) / span : 0
        return Coordinate(
            x: points[low].x + t * (points[high].x - points[low].x),
            y: points[low].y + t * (points[high].y - points[low].y))
    }

    /// The stretch of the route between two measures, as a polyline in local metres.
    public func stretch(from a: Double, to b: Double) -> [Coordinate] {
        var line = [point(at: a)]
        for k in cumulative.indices where cumulative[k] > a && cumulative[k] < b { line.append(points[k]) }
        line.append(point(at: b))
        return line
    }
}
