/// Settings of the radio field stage (`RadioField`): interferer load, SINR threshold, overlap window
/// and how far interferers are counted.
public struct InterferenceSettings: Sendable, Hashable {
    /// Fraction of resource elements the interfering sites transmit on (cell load), 0…1.
    public var loadFraction: Double
    /// SINR (dB) a cell should reach; the report gives the share of cells at or above it.
    public var sinrThresholdDB: Double
    /// Servers within this many dB of the best (and above the RSRP threshold) count toward overlap.
    public var overlapWindowDB: Double
    /// Interferers are counted out to the distance where their best-direction RSRP falls this far
    /// below the noise power per resource element (10 dB: each neglected site adds < 10 % of noise).
    public var interferenceFloorBelowNoiseDB: Double

    public init(
        loadFraction: Double = 0.5, sinrThresholdDB: Double = -3, overlapWindowDB: Double = 6,
        interferenceFloorBelowNoiseDB: Double = 10
    ) {
        self.loadFraction = loadFraction
        self.sinrThresholdDB = sinrThresholdDB
        self.overlapWindowDB = overlapWindowDB
        self.interferenceFloorBelowNoiseDB = interferenceFloorBelowNoiseDB
    }
}
