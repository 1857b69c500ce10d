import Foundation

/// A base-station antenna: omni, or sectors with the 3GPP parabolic pattern of TR 38.901
/// Table 7.3-1, a maximum gain, sector azimuths and a common downtilt.
///
/// Sector pattern (angles in degrees, φ off-boresight azimuth, θ zenith angle, 90° = horizon):
/// - A_H(φ) = −min(12·(φ/φ3dB)², A_max)
/// - A_V(θ) = −min(12·((θ − θ_tilt)/θ3dB)², SLA_V), θ_tilt = 90° + downtilt
/// - A(θ, φ) = −min(−(A_H + A_V), A_max)
/// - gain = G_max + A(θ, φ)
///
/// with φ3dB = θ3dB = 65°, A_max (front-to-back) = SLA_V = 30 dB by default. With several sectors
/// the gain toward a point is that of the best sector (the one whose azimuth is nearest the
/// bearing, since all share the tilt). Omni: G_max in every direction.
public struct Antenna: Sendable, Hashable {
    /// Radiation pattern family.
    public enum Pattern: String, Sendable, Hashable, CaseIterable {
        /// Same gain in every direction.
        case omni
        /// TR 38.901 Table 7.3-1 sector pattern.
        case sector
    }

    /// Most sectors one antenna may have.
    public static let maxSectorCount = 8

    /// Pattern family.
    public var pattern: Pattern
    /// Boresight gain G_max in dBi (TR 38.901 uses 8 dBi per element; panels are higher).
    public var maxGainDBi: Double
    /// Sector boresight azimuths, degrees clockwise from north (1 to `maxSectorCount` entries).
    public var azimuthsDegrees: [Double]
    /// Downtilt below the horizon in degrees (positive = down).
    public var downtiltDegrees: Double
    /// Horizontal half-power beamwidth φ3dB in degrees (65°).
    public var horizontalBeamwidthDegrees: Double
    /// Vertical half-power beamwidth θ3dB in degrees (65°).
    public var verticalBeamwidthDegrees: Double
    /// Front-to-back ratio A_max in dB (30 dB).
    public var frontToBackDB: Double
    /// Vertical side-lobe limit SLA_V in dB (30 dB).
    public var verticalSideLobeDB: Double

    /// Creates an antenna; defaults are the TR 38.901 Table 7.3-1 values and three sectors at 0/120/240°.
    public init(
        pattern: Pattern = .sector, maxGainDBi: Double, azimuthsDegrees: [Double] = [0, 120, 240],
        downtiltDegrees: Double = 6, horizontalBeamwidthDegrees: Double = 65,
        verticalBeamwidthDegrees: Double = 65, frontToBackDB: Double = 30, verticalSideLobeDB: Double = 30
    ) {
        self.pattern = pattern
        self.maxGainDBi = maxGainDBi
        self.azimuthsDegrees = azimuthsDegrees
        self.downtiltDegrees = downtiltDegrees
        self.horizontalBeamwidthDegrees = horizontalBeamwidthDegrees
        self.verticalBeamwidthDegrees = verticalBeamwidthDegrees
        self.frontToBackDB = frontToBackDB
        self.verticalSideLobeDB = verticalSideLobeDB
    }

    /// An omni antenna of the given gain.
    public static func omni(gainDBi: Double) -> Antenna {
        Antenna(pattern: .omni, maxGainDBi: gainDBi, azimuthsDegrees: [0], downtiltDegrees: 0)
    }

    /// Horizontal attenuation A_H(φ) = −min(12(φ/φ3dB)², A_max) in dB (≤ 0), φ in degrees
    /// (any value; wrapped to [−180°, 180°]).
    @inlinable
    public static func horizontalAttenuationDB(
        offBoresightDegrees phi: Double, beamwidthDegrees: Double,
        frontToBackDB: Double
    ) -> Double {
        let wrapped = wrapDegrees(phi)
        let x = wrapped / beamwidthDegrees
        return -min(12 * x * x, frontToBackDB)
    }

    /// Vertical attenuation A_V = −min(12((θ − θ_tilt)/θ3dB)², SLA_V) in dB, written with the
    /// depression angle below the horizon (θ − 90°) and the downtilt (θ_tilt − 90°).
    @inlinable
    public static func verticalAttenuationDB(
        depressionDegrees: Double, downtiltDegrees: Double,
        beamwidthDegrees: Double, sideLobeDB: Double
    ) -> Double {
        let x = (depressionDegrees - downtiltDegrees) / beamwidthDegrees
        return -min(12 * x * x, sideLobeDB)
    }

    /// Wraps an angle in degrees to [−180, 180].
    @inlinable
    public static func wrapDegrees(_ angle: Double) -> Double {
        var a = angle.truncatingRemainder(dividingBy: 360)
        if a > 180 { a -= 360 } else if a < -180 { a += 360 }
        return a
    }

    /// Gain in dBi toward a bearing and depression angle, using the best sector.
    /// - Parameters:
    ///   - bearingDegrees: direction from the site, clockwise from north.
    ///   - depressionDegrees: angle below the horizon as seen from the antenna (positive = below).
    /// - Complexity: O(number of sectors).
    public func gainDBi(bearingDegrees: Double, depressionDegrees: Double) -> Double {
        guard pattern == .sector, !azimuthsDegrees.isEmpty else { return maxGainDBi }
        var smallest = Double.infinity
        for azimuth in azimuthsDegrees {
            smallest = min(smallest, abs(Antenna.wrapDegrees(bearingDegrees - azimuth)))
        }
        let aH = Antenna.horizontalAttenuationDB(
            offBoresightDegrees: smallest, beamwidthDegrees: horizontalBeamwidthDegrees,
            frontToBackDB: frontToBackDB)
        let aV = Antenna.verticalAttenuationDB(
            depressionDegrees: depressionDegrees, downtiltDegrees: downtiltDegrees,
            beamwidthDegrees: verticalBeamwidthDegrees, sideLobeDB: verticalSideLobeDB)
        return maxGainDBi - min(-(aH + aV), frontToBackDB)
    }
}
