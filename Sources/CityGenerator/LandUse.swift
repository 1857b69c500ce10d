/// The land-use class of a density polygon (`density.geojson` property `landuse`), which later
/// stages read as the clutter class of the radio model.
enum LandUse: Int, Sendable, CaseIterable {
    case denseUrban = 0
    case urban, suburban, industrial, rural

    /// The value written to `landuse`.
    var name: String {
        switch self {
        case .denseUrban: return "dense_urban"
        case .urban: return "urban"
        case .suburban: return "suburban"
        case .industrial: return "industrial"
        case .rural: return "rural"
        }
    }

    /// The class of a residential density (people per km²); industrial land is set by zone, not
    /// by density. Thresholds: 20,000 and 8,000 per km² (the 2020 census gives 20,000–45,000 in
    /// Guangzhou's old core districts and 4,500–11,000 in the newer urban ones) and 1,000.
    static func residential(densityPerKm2: Double) -> LandUse {
        if densityPerKm2 >= 20_000 { return .denseUrban }
        if densityPerKm2 >= 8_000 { return .urban }
        if densityPerKm2 >= 1_000 { return .suburban }
        return .rural
    }
}

/// One value per land-use class, e.g. a road spacing or a lamp-pole interval.
struct PerLandUse<Value: Sendable>: Sendable {
    var denseUrban: Value
    var urban: Value
    var suburban: Value
    var industrial: Value
    var rural: Value

    subscript(use: LandUse) -> Value {
        switch use {
        case .denseUrban: return denseUrban
        case .urban: return urban
        case .suburban: return suburban
        case .industrial: return industrial
        case .rural: return rural
        }
    }
}
