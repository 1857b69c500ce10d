import Optimizer
import Planning
import Radio
import Support

/// The sentences the terminal summary and `report.md` share, so that both say the same thing in
/// the same words: the optimality gap and its bound, why fewer sites than asked were chosen, and
/// what a run assumed about its radio sites.
public enum PlanText {
    /// Why a max-coverage plan has fewer new sites than asked.
    public static func shortfallReason(_ shortfall: ColumnLimitShortfall) -> String {
        switch shortfall.reason {
        case .nothingAddsCoverage:
            return "no other candidate adds coverage (every demand cell a candidate reaches is covered)"
        case .budget: return "the budget leaves no room for another site that adds coverage"
        case .packing: return "the sites that would add coverage are within the spacing of chosen or existing sites"
        case .stoppedEarly: return "the solver stopped at its time limit"
        }
    }

    /// "7 of 20 allowed: no other candidate adds coverage (…)", or nil when the limit was used.
    public static func shortfall(_ solution: CoveringSolution) -> String? {
        guard let shortfall = solution.columnLimitShortfall else { return nil }
        return "\(shortfall.chosen) of \(shortfall.limit) allowed: \(shortfallReason(shortfall))"
    }

    /// The gap with its bound in the objective's terms: "gap 1.60 % (bound 956.2)", "gap 0.00 %
    /// (bound 100, rounded up to the cost unit 20): proven optimal", "gap 1.20 % (coverage at most
    /// 96.30 % of demand)"; nil without a bound.
    public static func gap(_ solution: CoveringSolution) -> String? {
        guard let gap = solution.gap else { return nil }
        var text = "gap \(Precision.hundredths.fixed(gap * 100)) %"
        if solution.objective.isMaximisation {
            if let upper = solution.upperBound {
                let share = upper / max(solution.totalWeight, 1e-300)
                text += " (coverage at most \(Precision.hundredths.fixed(share * 100)) % of demand)"
            }
        } else if let lower = solution.lowerBound {
            text += " (bound \(Precision.hundredths.text(lower))"
            if let unit = solution.costUnit {
                text += ", rounded up to the cost unit \(Precision.figure.text(unit.value))"
            }
            text += ")"
        }
        if solution.provenOptimal { text += ": proven optimal" }
        return text
    }

    /// What a radio run assumed, one sentence per line: profiles, threshold, heights, defaults,
    /// validity.
    public static func assumptionLines(_ assumptions: RadioAssumptions, profileOption: String? = nil) -> [String] {
        var lines: [String] = []
        let profiles = assumptions.profiles.map { use in
            let p = use.profile
            var text =
                "\(p.name) for \(use.sites) site(s) (\(p.pathLossModel), \(Precision.figure.text(p.frequencyGHz)) GHz, "
                + "\(Precision.tenths.text(p.txPowerDBm)) dBm, indoor \(p.penetration.rawValue))"
            if !use.overriddenFields.isEmpty { text += ", with \(use.overriddenFields.joined(separator: ", ")) set" }
            return text
        }
        if !profiles.isEmpty {
            lines.append(
                "Profiles: " + profiles.joined(separator: "; ")
                    + (profileOption.map { " — every site given \($0) by --profile" } ?? "") + ".")
        }
        if let threshold = assumptions.rsrpThresholdDBm, let reliability = assumptions.edgeReliability {
            lines.append(
                "Covered: SS-RSRP ≥ \(Precision.tenths.text(threshold)) dBm at \(Precision.hundredths.text(reliability * 100)) % cell-edge reliability."
            )
        } else {
            let each = assumptions.profiles.map {
                "\($0.profile.name): ≥ \(Precision.tenths.text($0.profile.rsrpThresholdDBm)) dBm at \(Precision.hundredths.text($0.profile.edgeReliability * 100)) %"
            }
            lines.append("Covered: SS-RSRP \(each.joined(separator: "; ")).")
        }
        if let h = assumptions.heights {
            lines.append(
                "Antenna heights: \(Precision.tenths.text(h.min))–\(Precision.tenths.text(h.max)) m (median \(Precision.tenths.text(h.median)) m)."
            )
        }
        lines += defaultLines(assumptions.defaults, of: assumptions.sites)
        for use in assumptions.validity {
            lines.append("Model range: \(use.profile), \(use.sites) of \(assumptions.sites) site(s): \(use.note).")
        }
        return lines
    }

    /// "Defaults: no kind for 40 of 40 site(s) → tower (40); …", or nothing when every site said all.
    public static func defaultLines(_ uses: [RadioAssumptions.DefaultUse], of sites: Int) -> [String] {
        uses.map { use in
            let values = use.values.map { "\($0.value) (\($0.sites))" }.joined(separator: ", ")
            return "Defaults: no \(use.property) for \(use.sites) of \(sites) site(s) → \(values)."
        }
    }
}
