/// What kind of structure a candidate or existing site is; each kind has documented defaults for
/// mast height, radio profile and cost (docs/scenario.md), used when the catalogue leaves them out.
public enum SiteKind: String, Sendable, Hashable, CaseIterable {
    /// A roof of a public building from the open catalogue (macro cell on the roof).
    case rooftop
    /// A smart lamp pole (智慧灯杆): low small-cell site along a road.
    case lampPole = "lamp_pole"
    /// A telecom tower or mast.
    case tower
    /// A public building whose site type is not specified further (treated like a rooftop).
    case building
    /// Anything else.
    case other

    /// The kind's place in `allCases` (a table index).
    var ordinal: Int {
        switch self {
        case .rooftop: 0
        case .lampPole: 1
        case .tower: 2
        case .building: 3
        case .other: 4
        }
    }

    /// Antenna height above ground when the catalogue gives none (metres).
    public var defaultHeightMeters: Double {
        switch self {
        case .rooftop: return 25
        case .lampPole: return 8
        case .tower: return 35
        case .building: return 20
        case .other: return 20
        }
    }

    /// Cost when the catalogue gives none (relative units; docs/scenario.md: 万元 of equipment and works).
    public var defaultCost: Double {
        switch self {
        case .rooftop: return 20
        case .lampPole: return 6
        case .tower: return 35
        case .building: return 20
        case .other: return 25
        }
    }

    /// Radio profile used for this kind unless the scenario maps it elsewhere.
    public var defaultProfileName: String {
        switch self {
        case .lampPole: return "n78-small-cell"
        default: return "n78-macro"
        }
    }

    /// The accepted spellings, for messages.
    public static var allowedValues: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// Whether a catalogue site may be chosen: only `open` ones are ever selected.
public enum SiteStatus: String, Sendable, Hashable, CaseIterable {
    /// Opened for base stations (the default when the catalogue says nothing).
    case open
    /// Kept back (e.g. promised to another use this year); never selected.
    case reserved
    /// Not usable; never selected.
    case unavailable
    /// Already planned in another job; never selected.
    case planned

    public static var allowedValues: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
