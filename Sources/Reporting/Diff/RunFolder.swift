import Foundation
import Geo
import Support

/// One output folder of `nrplan solve` or `nrplan audit`, as `nrplan diff` reads it: the
/// figures of summary.json and the features of sites.geojson and holes.geojson.
public struct RunFolder: Sendable {
    /// A site of the run.
    public struct Site: Sendable {
        public var id: String
        /// WGS-84 degrees.
        public var location: Coordinate
        public var properties: [(key: String, value: JSONValue)]

        public subscript(key: String) -> JSONValue? { properties.last { $0.key == key }?.value }
    }

    /// A hole of the run.
    public struct Hole: Sendable {
        public var id: Int
        public var geometry: Geometry
        public var properties: [(key: String, value: JSONValue)]

        public subscript(key: String) -> JSONValue? { properties.last { $0.key == key }?.value }
        public var areaSquareMeters: Double { self["area_m2"]?.doubleValue ?? 0 }
    }

    /// The folder as named on the command line.
    public var path: String
    /// `solve` or `audit`.
    public var command: String
    public var summary: JSONValue
    public var sites: [Site]
    public var holes: [Hole]
    /// The best-server areas of coverage.geojson (all of them make the covered demand), when the
    /// folder has the file.
    public var coverage: [Geometry]?
    /// The phase of a phased solve this view is of (`read(_:phase:)`), nil for the whole run.
    public var phase: String?

    /// The files every folder must hold.
    public static let requiredFiles = ["summary.json", "sites.geojson", "holes.geojson"]

    /// The demand cell size in metres (summary.json `cell_m`), or nil.
    public var cellMeters: Double? { summary["cell_m"]?.doubleValue }

    /// The cost of the run: summary.json's `cost_total` (solve), else the sum of the sites' `cost`
    /// properties (an audit of sites that carry costs), else nil.
    public var cost: Double? {
        if let total = summary["cost_total"]?.doubleValue { return total }
        let costs = sites.compactMap { $0["cost"]?.doubleValue }
        return costs.isEmpty ? nil : costs.reduce(0, +)
    }

    /// What the run was made from: the scenario file (solve) or the sites file (audit).
    public var source: String {
        summary["scenario"]?["file"]?.stringValue ?? summary["inputs"]?["sites"]?.stringValue ?? ""
    }
}
