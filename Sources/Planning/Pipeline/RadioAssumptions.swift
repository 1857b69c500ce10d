import Geo
import Radio
import Support

/// What a radio run assumed, so that an auditor can see it without re-reading the inputs: the
/// profiles the sites on air used (and what the scenario changed in them), the coverage threshold
/// and edge reliability, the antenna heights, which documented defaults stood in for properties
/// the inputs left out — and for how many sites — and where the propagation models were used
/// outside their validity range. Written to `summary.json` (`radio`) and `report.md` by `solve` and
/// `audit` alike.
public struct RadioAssumptions: Sendable {
    /// One profile and the sites that used it.
    public struct ProfileUse: Sendable {
        public var profile: RadioProfile
        public var sites: Int
        /// Fields the scenario (or `--profile`) set, sorted; empty for the built-in profile as it is.
        public var overriddenFields: [String]
    }

    /// One default and the sites it stood in for, by the value it gave.
    public struct DefaultUse: Sendable {
        /// `kind`, `height_m`, `profile`, `cost` (the property the inputs left out).
        public var property: String
        public var sites: Int
        /// Value given → sites, e.g. `tower` → 40 or `tower: 35 m` → 40, in first-seen order.
        public var values: [(value: String, sites: Int)]
    }

    /// Sites whose profile's propagation model was evaluated outside its validity range.
    public struct ValidityUse: Sendable {
        public var profile: String
        /// `ValidityFlags` name, e.g. `bs_height_not_nominal`.
        public var flag: String
        public var sites: Int
        /// The sentence a planner reads.
        public var note: String
    }

    /// The sites the figures are about (sites on air: the audited sites, or a plan's existing and new).
    public var sites: Int
    public var profiles: [ProfileUse]
    public var defaults: [DefaultUse]
    public var validity: [ValidityUse]
    /// Antenna heights of the sites, metres (nil without sites).
    public var heights: (min: Double, median: Double, max: Double)?

    /// The one RSRP threshold of every profile used, or nil when they differ (see `profiles`).
    public var rsrpThresholdDBm: Double? { Self.common(profiles.map(\.profile.rsrpThresholdDBm)) }
    /// The one edge reliability of every profile used, or nil when they differ.
    public var edgeReliability: Double? { Self.common(profiles.map(\.profile.edgeReliability)) }

    /// The assumptions behind `sites` placed with `placements` (same order), whose footprints the
    /// coverage stage measured.
    /// - Parameter overridden: fields a scenario set per profile name (`RadioSettings.overriddenFields`).
    public init(
        sites: [Site], placements: [SitePlacement], footprints: [SiteFootprint], overridden: [String: [String]]
    ) {
        self.sites = sites.count
        var order: [String] = []
        var uses: [String: ProfileUse] = [:]
        for placement in placements {
            let name = placement.profile.name
            if uses[name] == nil {
                order.append(name)
                uses[name] = ProfileUse(
                    profile: placement.profile, sites: 0, overriddenFields: overridden[name] ?? [])
            }
            uses[name]?.sites += 1
        }
        profiles = order.sorted().compactMap { uses[$0] }
        defaults = Self.defaultUses(sites)
        validity = Self.validityUses(placements: placements, footprints: footprints)
        let sorted = sites.map(\.heightMeters).sorted()
        heights = sorted.isEmpty ? nil : (sorted[0], sorted[(sorted.count - 1) / 2], sorted[sorted.count - 1])
    }

    /// For each default (kind, height, profile, cost), the sites that took it and the values given.
    public static func defaultUses(_ sites: [Site]) -> [DefaultUse] {
        SiteDefaults.named.compactMap { property, flag in
            var order: [String] = []
            var counts: [String: Int] = [:]
            for site in sites where site.defaulted.contains(flag) {
                let value: String
                switch flag {
                case .kind: value = site.kind.rawValue
                case .height: value = "\(site.kind.rawValue) \(Precision.tenths.text(site.heightMeters)) m"
                case .profile: value = site.profileName
                default: value = "\(site.kind.rawValue) \(Precision.figure.text(site.cost))"
                }
                if counts[value] == nil { order.append(value) }
                counts[value, default: 0] += 1
            }
            guard !order.isEmpty else { return nil }
            let values = order.map { (value: $0, sites: counts[$0] ?? 0) }
            return DefaultUse(property: property, sites: values.reduce(0) { $0 + $1.sites }, values: values)
        }
    }

    /// Sites per (profile, validity flag), for the flags that hold at the site whatever the distance.
    static func validityUses(placements: [SitePlacement], footprints: [SiteFootprint]) -> [ValidityUse] {
        var order: [String] = []
        var found: [String: ValidityUse] = [:]
        for (placement, footprint) in zip(placements, footprints) {
            let flags = footprint.validity.intersection(ValidityFlags.siteFlags)
            for name in flags.names {
                let key = placement.profile.name + "\u{1F}" + name
                if found[key] == nil {
                    order.append(key)
                    found[key] = ValidityUse(
                        profile: placement.profile.name, flag: name, sites: 0,
                        note: note(flag: name, profile: placement.profile))
                }
                found[key]?.sites += 1
            }
        }
        return order.sorted().compactMap { found[$0] }
    }

    /// What a flag means for a profile, e.g. "uma/nlos is specified for a BS height of 25 m (TR
    /// 38.901 Table 7.4.1-1); other heights are extrapolated".
    static func note(flag: String, profile: RadioProfile) -> String {
        let model = profile.pathLossModel
        let range = model.validityRange(frequencyGHz: profile.frequencyGHz)
        let source = model.sourceReference
        func span(_ r: ClosedRange<Double>) -> String {
            // Open-ended ranges (upper bound infinite or Double.greatestFiniteMagnitude) read "≥ 1".
            r.upperBound >= 1e300
                ? "≥ \(Precision.tenths.text(r.lowerBound))"
                : "\(Precision.tenths.text(r.lowerBound))…\(Precision.tenths.text(r.upperBound))"
        }
        switch flag {
        case "bs_height_not_nominal":
            let nominal = range.nominalBSHeightMeters.map { Precision.tenths.text($0) } ?? "?"
            return "\(model) is specified for a BS height of \(nominal) m (\(source)); other heights are extrapolated"
        case "bs_height_out_of_range":
            return "BS height outside \(model)'s range, \(span(range.bsHeightMeters)) m (\(source)); extrapolated"
        case "ut_height_out_of_range":
            return "UT height outside \(model)'s range, \(span(range.utHeightMeters)) m (\(source)); extrapolated"
        case "frequency_out_of_range":
            return "frequency outside \(model)'s range, \(span(range.frequencyGHz)) GHz (\(source)); extrapolated"
        default:
            return "\(model): \(flag.replacingOccurrences(of: "_", with: " ")) (\(source)); extrapolated"
        }
    }

    /// The warnings a run prints: one per model validity problem, naming how many sites it concerns.
    public var validityWarnings: [Problem] {
        validity.map { use in
            Problem(
                .warning, file: "radio profile '\(use.profile)'",
                message: "\(use.sites) of \(sites) site(s): \(use.note)")
        }
    }

    static func common(_ values: [Double]) -> Double? {
        guard let first = values.first, values.allSatisfy({ $0 == first }) else { return nil }
        return first
    }
}

extension Plan {
    /// What a radio plan assumed about the sites on air (existing and new); nil for service plans.
    public var radioAssumptions: RadioAssumptions? {
        guard let radio else { return nil }
        return RadioAssumptions(
            sites: network.sites, placements: radio.placements, footprints: network.footprints,
            overridden: scenario.radio.overriddenFields)
    }
}
