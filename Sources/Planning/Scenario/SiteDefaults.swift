/// The site properties an input left out, for which nrplan used a documented default
/// (docs/scenario.md, "Defaults per kind"): recorded per site so that `summary.json` and `report.md`
/// can say how many sites were, say, audited as 35 m towers because their file named no kind.
public struct SiteDefaults: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// No `kind`: `rooftop` for candidates, `tower` for existing sites.
    public static let kind = SiteDefaults(rawValue: 1 << 0)
    /// No `height_m`: the kind's height.
    public static let height = SiteDefaults(rawValue: 1 << 1)
    /// No `profile`: the scenario's profile for the kind, else the kind's.
    public static let profile = SiteDefaults(rawValue: 1 << 2)
    /// No `cost` (candidates): the kind's cost.
    public static let cost = SiteDefaults(rawValue: 1 << 3)

    /// Each default with its key in `summary.json`.
    public static let named: [(key: String, value: SiteDefaults)] = [
        ("kind", .kind), ("height_m", .height), ("profile", .profile), ("cost", .cost),
    ]
}
