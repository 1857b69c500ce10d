import Geo
import Radio

/// Road corridors as demand (docs/scenario.md, `demand.roads`): smart roads and expressways sampled
/// along their lines, their coverage judged at the samples, their continuity measured as the longest
/// uncovered stretch (`RoadNetwork`, `RoadReport`).
public struct RoadSettings: Sendable {
    /// One `demand.roads` entry: a file and how its roads are served.
    public struct Entry: Sendable {
        /// The file as messages name it.
        public var file: String
        /// Only sites whose radio profile has this name serve the entry's roads (e.g. the lamp poles'
        /// small cells carrying C-V2X roadside units); nil: every site.
        public var servingProfile: String?
        /// The link budget a road sample is judged with, by the serving site's profile name: that
        /// profile with the entry's `overrides` applied and building penetration off unless the
        /// overrides set `indoor` (people and vehicles on a road are outdoors).
        public var judgedProfiles: [String: RadioProfile]
        /// Largest spacing of the samples along a road, metres.
        public var sampleMeters: Double

        public init(
            file: String, servingProfile: String?, judgedProfiles: [String: RadioProfile], sampleMeters: Double
        ) {
            self.file = file
            self.servingProfile = servingProfile
            self.judgedProfiles = judgedProfiles
            self.sampleMeters = sampleMeters
        }
    }

    public var entries: [Entry]
    /// Every road feature of every entry, in file order.
    public var roads: [Road]

    public init(entries: [Entry], roads: [Road]) {
        self.entries = entries
        self.roads = roads
    }
}

/// One road feature: a named LineString or MultiLineString. Features sharing a name are one road.
public struct Road: Sendable {
    /// The road's name (the `name` property); features with the same name form one road.
    public var name: String
    /// The lines, WGS-84 degrees (one for a LineString, several for a MultiLineString).
    public var parts: [[Coordinate]]
    /// Carriageway width in metres: each sample weighs width × its length (m²) in the coverage
    /// target; 0 (the default) makes the road a continuity corridor only.
    public var widthMeters: Double
    /// Index of its `RoadSettings.entries` entry.
    public var entry: Int
    public var sourceFile: String
    public var sourceLocation: String

    public init(
        name: String, parts: [[Coordinate]], widthMeters: Double, entry: Int, sourceFile: String,
        sourceLocation: String
    ) {
        self.name = name
        self.parts = parts
        self.widthMeters = widthMeters
        self.entry = entry
        self.sourceFile = sourceFile
        self.sourceLocation = sourceLocation
    }
}
