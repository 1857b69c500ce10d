import Foundation
import Geo

/// What an audit checks: a planning area, the sites of a plan or of the built network, radio
/// settings, optional exclusions and targets.
public struct AuditRequest: Sendable {
    /// A file and the name it is shown under in messages.
    public struct File: Sendable {
        public var url: URL
        public var displayName: String
        public init(url: URL, displayName: String) {
            self.url = url
            self.displayName = displayName
        }
        public init(path: String) {
            self.init(url: URL(fileURLWithPath: path), displayName: path)
        }
    }

    /// The planning area; nil: the scenario's `area`.
    public var area: File?
    public var sites: File
    /// Coordinate system of the area file (converted to WGS-84 on reading).
    public var areaCRS: CoordinateSystem
    /// Coordinate system of the sites file: a WGS-84 area and a BD-09 site table audit in one call.
    public var sitesCRS: CoordinateSystem
    /// Exclusions besides the scenario's (parks, water: no demand there), and their coordinate system.
    public var exclusions: [File]
    public var exclusionsCRS: CoordinateSystem
    /// Supplies radio settings, demand and exclusions when given (candidates and objective may be
    /// left out: an audit reads neither).
    public var scenario: File?
    /// Radio profile for every site, overriding the sites' `profile` properties and kinds — with the
    /// scenario's `rsrp_threshold_dbm`, `edge_reliability` and overrides of that profile applied.
    public var profileName: String?
    /// A calibration (`nrplan calibrate`) whose overrides apply to the built-in profiles the
    /// scenario does not list (a scenario names its calibrations in `radio.calibration`).
    public var calibration: File?
    public var targets: File?
    /// Roads to measure (LineStrings with a `name`, in `areaCRS`); default: the scenario's `demand.roads`.
    public var roads: File?
    /// Demand cell size; default: the scenario's, else 50 m.
    public var cellMeters: Double?
    /// SINR analysis settings.
    public var interference: InterferenceSettings
    public var threads: Int

    public init(
        area: File?, sites: File, areaCRS: CoordinateSystem = .wgs84, sitesCRS: CoordinateSystem = .wgs84,
        exclusions: [File] = [], exclusionsCRS: CoordinateSystem = .wgs84, scenario: File? = nil,
        profileName: String? = nil, calibration: File? = nil, targets: File? = nil, roads: File? = nil,
        cellMeters: Double? = nil,
        interference: InterferenceSettings = InterferenceSettings(), threads: Int
    ) {
        self.area = area
        self.sites = sites
        self.areaCRS = areaCRS
        self.sitesCRS = sitesCRS
        self.exclusions = exclusions
        self.exclusionsCRS = exclusionsCRS
        self.scenario = scenario
        self.profileName = profileName
        self.calibration = calibration
        self.targets = targets
        self.roads = roads
        self.cellMeters = cellMeters
        self.interference = interference
        self.threads = max(1, threads)
    }
}
