import Foundation
import Support

extension PathLossModel {
    /// The applicability range of this model's source table (for free space: the far-field
    /// limit λ/4π at `frequencyGHz` on d3D, no height or frequency limits).
    public func validityRange(frequencyGHz: Double) -> ModelValidityRange {
        switch scenario {
        case .freeSpace:
            let wavelength = FreeSpace.speedOfLightMetersPerSecond / (frequencyGHz * 1e9)
            let any = 0...Double.greatestFiniteMagnitude
            return ModelValidityRange(
                distanceMeters: (wavelength / (4 * Double.pi))...Double.greatestFiniteMagnitude,
                bsHeightMeters: any, utHeightMeters: any, frequencyGHz: any)
        case .cost231Hata: return Cost231Hata.validity
        case .rma: return condition == .los ? TR38901.rmaLOSValidity : TR38901.rmaNLOSValidity
        case .uma: return TR38901.umaValidity
        case .umi: return TR38901.umiValidity
        }
    }

    /// The source a warning cites, e.g. "TR 38.901 Table 7.4.1-1".
    public var sourceReference: String {
        switch scenario {
        case .freeSpace: return "ITU-R P.525 far field"
        case .cost231Hata: return "COST 231 §4.4.1"
        case .rma, .uma, .umi: return "TR 38.901 Table 7.4.1-1"
        }
    }

    /// One human-readable warning per flag, naming the value, the allowed range and the source,
    /// e.g. "uma/nlos: d2D 6000 m is above the validity range 10...5000 m (TR 38.901 Table
    /// 7.4.1-1); the formula is extrapolated".
    public func validityWarnings(
        _ flags: ValidityFlags, frequencyGHz: Double, bsHeightMeters: Double,
        utHeightMeters: Double, distance2DMeters: Double?
    ) -> [String] {
        let range = validityRange(frequencyGHz: frequencyGHz)
        let tail = "(\(sourceReference)); the formula is extrapolated"
        func span(_ r: ClosedRange<Double>) -> String {
            r.upperBound >= Double.greatestFiniteMagnitude
                ? "≥ \(format(r.lowerBound))" : "\(format(r.lowerBound))...\(format(r.upperBound))"
        }
        var result: [String] = []
        let distanceName = scenario == .freeSpace ? "d3D" : "d2D"
        let distanceText = distance2DMeters.map { "\(format(Precision.tenths.rounded($0))) m" } ?? "the distance"
        if flags.contains(.distanceBelowRange) {
            result.append(
                "\(self): \(distanceName) \(distanceText) is below the validity range \(span(range.distanceMeters)) m \(tail)"
            )
        }
        if flags.contains(.distanceAboveRange) {
            result.append(
                "\(self): \(distanceName) \(distanceText) is above the validity range \(span(range.distanceMeters)) m \(tail)"
            )
        }
        if flags.contains(.bsHeightOutOfRange) {
            result.append(
                "\(self): BS height \(format(bsHeightMeters)) m is outside \(span(range.bsHeightMeters)) m \(tail)")
        }
        if flags.contains(.bsHeightNotNominal), let nominal = range.nominalBSHeightMeters {
            result.append(
                "\(self): BS height \(format(bsHeightMeters)) m differs from the table's hBS = \(format(nominal)) m \(tail)"
            )
        }
        if flags.contains(.utHeightOutOfRange) {
            result.append(
                "\(self): UT height \(format(utHeightMeters)) m is outside \(span(range.utHeightMeters)) m \(tail)")
        }
        if flags.contains(.frequencyOutOfRange) {
            result.append(
                "\(self): frequency \(format(frequencyGHz)) GHz is outside \(span(range.frequencyGHz)) GHz \(tail)")
        }
        if flags.contains(.environmentOutOfRange) {
            result.append(
                "\(self): building height \(format(rmaBuildingHeightMeters)) m / street width "
                    + "\(format(rmaStreetWidthMeters)) m outside 5...50 m \(tail)")
        }
        return result
    }
}
