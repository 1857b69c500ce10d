import Foundation

/// A path-loss model with frequency and heights fixed, reduced to a few coefficients so that one
/// evaluation costs one `log10` (the coverage matrix evaluates hundreds of millions of links).
///
/// Every TR 38.901 LOS/NLOS formula for a fixed site is, branch by branch, `a + b·log10(d3D) +
/// c·d3D` (the `c` term is RMa's 0.002·log10(h)·d); NLOS takes the larger of its LOS branch and
/// NLOS′ (Table 7.4.1-1). Free space is `a + 20·log10(d3D)`. The coefficients are exactly the
/// table's terms that do not depend on distance, so a kernel agrees with
/// `PathLossModel.evaluate` to rounding (the tests hold it to 1e-9 dB on every model it covers).
/// Blended (LOS-probability) models and COST-231 Hata have no kernel: `init` returns `nil` and
/// callers use `evaluate`. A model's `PathLossCorrection` (offset + slope correction in
/// log10(d3D)) is affine in log10(d3D) too and is folded into every branch's `a` and `b`.
public struct PathLossKernel: Sendable, Hashable {
    /// LOS branch before the breakpoint: a + b·L + c·d3D, shadow σ.
    @usableFromInline var losNear: (a: Double, b: Double, c: Double, sigma: Double)
    /// LOS branch after the breakpoint (2D distance > `breakpointMeters`).
    @usableFromInline var losFar: (a: Double, b: Double, c: Double, sigma: Double)
    @usableFromInline let breakpointMeters: Double
    /// NLOS′ = a + b·L, σ (used as max(LOS, NLOS′) when `isNLOS`).
    @usableFromInline var nlos: (a: Double, b: Double, sigma: Double)
    @usableFromInline let isNLOS: Bool
    @usableFromInline let heightDifferenceMeters: Double

    public static func == (l: PathLossKernel, r: PathLossKernel) -> Bool {
        l.losNear == r.losNear && l.losFar == r.losFar && l.breakpointMeters == r.breakpointMeters && l.nlos == r.nlos
            && l.isNLOS == r.isNLOS && l.heightDifferenceMeters == r.heightDifferenceMeters
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(losNear.a)
        hasher.combine(losFar.a)
        hasher.combine(nlos.a)
        hasher.combine(breakpointMeters)
    }

    /// The kernel of `model` for a site, or `nil` when the model has none (blends, Hata).
    public init?(model: PathLossModel, frequencyGHz fc: Double, bsHeightMeters hBS: Double, utHeightMeters hUT: Double)
    {
        let logFc = log10(fc)
        heightDifferenceMeters = hBS - hUT
        let dh2 = (hBS - hUT) * (hBS - hUT)
        switch (model.scenario, model.condition) {
        case (.freeSpace, _):
            // 20·log10(4π·d·f/c) with f in Hz (FreeSpace.pathLossDB).
            let a = 20 * log10(4 * Double.pi * fc * 1e9 / FreeSpace.speedOfLightMetersPerSecond)
            losNear = (a, 20, 0, 0)
            losFar = losNear
            breakpointMeters = .infinity
            nlos = (0, 0, 0)
            isNLOS = false
        case (.uma, .los), (.uma, .nlos):
            let dBP = TR38901.effectiveBreakpointMeters(frequencyGHz: fc, bsHeightMeters: hBS, utHeightMeters: hUT)
            losNear = (28.0 + 20 * logFc, 22, 0, 4)
            losFar = (28.0 + 20 * logFc - 9 * log10(dBP * dBP + dh2), 40, 0, 4)
            breakpointMeters = dBP
            nlos = (13.54 + 20 * logFc - 0.6 * (hUT - 1.5), 39.08, 6)
            isNLOS = model.condition == .nlos
        case (.umi, .los), (.umi, .nlos):
            let dBP = TR38901.effectiveBreakpointMeters(frequencyGHz: fc, bsHeightMeters: hBS, utHeightMeters: hUT)
            losNear = (32.4 + 20 * logFc, 21, 0, 4)
            losFar = (32.4 + 20 * logFc - 9.5 * log10(dBP * dBP + dh2), 40, 0, 4)
            breakpointMeters = dBP
            nlos = (22.4 + 21.3 * logFc - 0.3 * (hUT - 1.5), 35.3, 7.82)
            isNLOS = model.condition == .nlos
        case (.rma, .los), (.rma, .nlos):
            let h = model.rmaBuildingHeightMeters
            let w = model.rmaStreetWidthMeters
            let dBP = TR38901.rmaBreakpointMeters(frequencyGHz: fc, bsHeightMeters: hBS, utHeightMeters: hUT)
            let h172 = pow(h, 1.72)
            // PL1(d) = 20·log10(40π·d·fc/3) + min(0.03h^1.72, 10)·log10(d) − min(0.044h^1.72, 14.77) + 0.002·log10(h)·d
            let a1 = 20 * log10(40 * Double.pi * fc / 3) - min(0.044 * h172, 14.77)
            let b1 = 20 + min(0.03 * h172, 10)
            let c1 = 0.002 * log10(h)
            losNear = (a1, b1, c1, 4)
            // PL2(d) = PL1(dBP) + 40·log10(d/dBP), PL1 at the 2D breakpoint distance as TR38901.rmaLOS does.
            let pl1AtBreakpoint = TR38901.rmaPL1(dBP, fc: fc, h: h)
            losFar = (pl1AtBreakpoint - 40 * log10(dBP), 40, 0, 6)
            breakpointMeters = dBP
            let logHBS = log10(hBS)
            let hRatio = h / hBS
            let logUT = log10(11.75 * hUT)
            let b = 43.42 - 3.1 * logHBS
            let a =
                161.04 - 7.1 * log10(w) + 7.5 * log10(h) - (24.37 - 3.7 * hRatio * hRatio) * logHBS - 3 * b + 20 * logFc
                - (3.2 * logUT * logUT - 4.97)
            nlos = (a, b, 8)
            isNLOS = model.condition == .nlos
        default:
            return nil
        }
        if !model.correction.isZero {
            let (a, b) = model.correction.affineTerms
            losNear = (losNear.a + a, losNear.b + b, losNear.c, losNear.sigma)
            losFar = (losFar.a + a, losFar.b + b, losFar.c, losFar.sigma)
            if isNLOS { nlos = (nlos.a + a, nlos.b + b, nlos.sigma) }
        }
    }

    /// Path loss in dB and the shadow-fading σ of the branch that decides it, at a 2D distance.
    /// - Complexity: O(1): one square root and one `log10`.
    @inlinable
    public func evaluate(distance2DMeters d2D: Double) -> (pathLossDB: Double, shadowFadingStdDB: Double) {
        let d3D = (d2D * d2D + heightDifferenceMeters * heightDifferenceMeters).squareRoot()
        let l = log10(d3D)
        let branch = d2D <= breakpointMeters ? losNear : losFar
        let los = branch.a + branch.b * l + branch.c * d3D
        guard isNLOS else { return (los, branch.sigma) }
        let prime = nlos.a + nlos.b * l
        return (max(los, prime), nlos.sigma)
    }
}
