import Foundation

/// Outdoor-to-indoor (O2I) building penetration per TR 38.901 §7.4.3.1.
///
/// PL = PL_b + PL_tw + PL_in + N(0, σ_P²), with (Table 7.4.3-2)
/// - low-loss:  PL_tw = 5 − 10·log10(0.3·10^(−L_glass/10) + 0.7·10^(−L_concrete/10)), σ_P = 4.4 dB
/// - high-loss: PL_tw = 5 − 10·log10(0.7·10^(−L_IIRglass/10) + 0.3·10^(−L_concrete/10)), σ_P = 6.5 dB
/// - PL_in = 0.5·d2D-in
///
/// and material losses (Table 7.4.3-1, fc in GHz): L_glass = 2 + 0.2fc, L_IIRglass = 23 + 0.3fc,
/// L_concrete = 5 + 4fc. TR 38.901 draws d2D-in as the minimum of two uniform variables on
/// [0, 25] m (UMa, UMi) or [0, 10] m (RMa); for deterministic planning we use its mean,
/// 25/3 m or 10/3 m, unless the profile sets a depth. σ_P is combined with σ_SF in the margin:
/// σ = √(σ_SF² + σ_P²).
public enum BuildingPenetration: String, Sendable, Hashable, CaseIterable {
    /// Outdoor user: no penetration loss.
    case none
    /// Indoor user, low-loss building (standard glass, concrete).
    case lowLoss = "low-loss"
    /// Indoor user, high-loss building (IRR glass, concrete).
    case highLoss = "high-loss"

    /// Through-wall loss PL_tw in dB at fc (GHz).
    @inlinable
    public func throughWallLossDB(frequencyGHz fc: Double) -> Double {
        let concrete = 5 + 4 * fc
        switch self {
        case .none:
            return 0
        case .lowLoss:
            let glass = 2 + 0.2 * fc
            return 5 - 10 * log10(0.3 * pow(10, -glass / 10) + 0.7 * pow(10, -concrete / 10))
        case .highLoss:
            let irrGlass = 23 + 0.3 * fc
            return 5 - 10 * log10(0.7 * pow(10, -irrGlass / 10) + 0.3 * pow(10, -concrete / 10))
        }
    }

    /// Penetration standard deviation σ_P in dB (Table 7.4.3-2).
    public var standardDeviationDB: Double {
        switch self {
        case .none: return 0
        case .lowLoss: return 4.4
        case .highLoss: return 6.5
        }
    }

    /// Total O2I loss PL_tw + 0.5·d2D-in in dB.
    @inlinable
    public func lossDB(frequencyGHz: Double, indoorDistanceMeters: Double) -> Double {
        self == .none ? 0 : throughWallLossDB(frequencyGHz: frequencyGHz) + 0.5 * indoorDistanceMeters
    }

    /// The mean indoor distance E[min(U₁, U₂)] = max/3 of TR 38.901 for a scenario:
    /// 25/3 m for UMa/UMi (and the non-3GPP models), 10/3 m for RMa.
    public static func meanIndoorDistanceMeters(for scenario: PropagationScenario) -> Double {
        scenario == .rma ? 10.0 / 3.0 : 25.0 / 3.0
    }
}
