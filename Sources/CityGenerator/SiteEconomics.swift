import Support

/// Cost, availability and power arrangement of candidate sites.
///
/// Costs are relative units (万元 of equipment and works): rooftop 20, building 20, tower 35,
/// lamp pole 6, each varied uniformly by ±20 %, plus 3 when the site's power is `transfer`
/// (转供电: bought through the building's own transformer, which the action plan's 直供电 retrofit
/// replaces), rounded to 0.1.
enum SiteEconomics {
    /// The base cost of a site kind (`rooftop`, `building`, `tower`, `lamp_pole`).
    static func baseCost(kind: String) -> Double {
        switch kind {
        case "tower": return 35
        case "lamp_pole": return 6
        default: return 20
        }
    }

    /// Extra cost of a `transfer` power arrangement.
    static let transferPowerSurcharge = 3.0

    /// A drawn cost for `kind` with `power` (`direct` or `transfer`).
    static func cost(kind: String, power: String, random: inout Xoshiro256StarStar) -> Double {
        let varied = baseCost(kind: kind) * random.uniform(0.8, 1.2)
        return roundedToTenth(varied + (power == "transfer" ? transferPowerSurcharge : 0))
    }

    /// `direct` with probability `directShare`, else `transfer`.
    static func power(directShare: Double, random: inout Xoshiro256StarStar) -> String {
        random.chance(directShare) ? "direct" : "transfer"
    }

    /// `open`, `reserved` or `unavailable` with the given shares of the last two.
    static func status(reservedShare: Double, unavailableShare: Double, random: inout Xoshiro256StarStar) -> String {
        let draw = random.unit()
        if draw < unavailableShare { return "unavailable" }
        if draw < unavailableShare + reservedShare { return "reserved" }
        return "open"
    }

    /// `value` rounded to one decimal (written as e.g. 21.3).
    static func roundedToTenth(_ value: Double) -> Double { Precision.tenths.rounded(value) }
}
