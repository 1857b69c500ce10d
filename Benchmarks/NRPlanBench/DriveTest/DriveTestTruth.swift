import Foundation

/// The known truth the synthetic drive test is drawn from, written out from the standards here
/// rather than taken from nrplan's Radio module, so that `nrplan calibrate` is checked against an
/// independent implementation of the same model.
///
/// Received SS-RSRP of a cell at a point, in dBm:
/// ```
/// RSRP = P_RE + G(φ, θ) − [PL_UMa-NLOS(d3D) + a + b·log10(d3D / 1 km)] + S(x) + F
/// ```
/// - P_RE = 53 dBm − 10·log10(12 · 273): `n78-macro`'s 200 W over 273 RBs (TS 38.101-1 Table 5.3.2-1,
///   100 MHz at 30 kHz);
/// - G: 17 dBi, TR 38.901 Table 7.3-1 pattern (65° beamwidths, 30 dB front-to-back and side lobe),
///   the cell's azimuth and downtilt, UE at 1.5 m;
/// - PL_UMa-NLOS = max(PL_UMa-LOS, 13.54 + 39.08·log10(d3D) + 20·log10(fc) − 0.6·(h_UT − 1.5)),
///   TR 38.901 Table 7.4.1-1 at fc = 3.5 GHz;
/// - a, b: the calibration truth (offset at 1 km, slope correction);
/// - S: shadowing, zero-mean Gaussian with σ and the exponential spatial correlation
///   exp(−Δ/d_corr) of Gudmundson 1991, one independent field per site (`ShadowField`);
/// - F: fast fading left in an RSRP sample after its average over the SSB's 7.2 MHz and the L1
///   filter: Nakagami-m power with m = 10, 10·log10 of a Gamma(m, 1/m) variable (std 1.4 dB).
struct DriveTestTruth {
    var offsetDB = 6.0
    var slopeCorrectionDBPerDecade = -3.0
    var sigmaDB = 7.0
    var correlationMeters = 50.0
    var nakagamiM = 10
    var floorDBm = -140.0

    let frequencyGHz = 3.5
    let txPowerDBm = 53.0
    let resourceBlocks = 273.0
    let maxGainDBi = 17.0
    let beamwidthDegrees = 65.0
    let attenuationLimitDB = 30.0
    let utHeightMeters = 1.5

    /// Transmit power per resource element, dBm.
    var powerPerREDBm: Double { txPowerDBm - 10 * log10(12 * resourceBlocks) }

    /// TR 38.901 Table 7.4.1-1 UMa NLOS path loss (max of LOS and NLOS′), dB.
    func umaNLOSPathLossDB(distance2DMeters d2D: Double, bsHeightMeters hBS: Double) -> Double {
        let hUT = utHeightMeters
        let d3D = (d2D * d2D + (hBS - hUT) * (hBS - hUT)).squareRoot()
        // Effective heights with h_E = 1 m; breakpoint with c = 3·10⁸ m/s as the table's note 1.
        let breakpoint = 4 * (hBS - 1) * (hUT - 1) * frequencyGHz * 1e9 / 3e8
        let los =
            d2D <= breakpoint
            ? 28 + 22 * log10(d3D) + 20 * log10(frequencyGHz)
            : 28 + 40 * log10(d3D) + 20 * log10(frequencyGHz)
                - 9 * log10(breakpoint * breakpoint + (hBS - hUT) * (hBS - hUT))
        let nlosPrime = 13.54 + 39.08 * log10(d3D) + 20 * log10(frequencyGHz) - 0.6 * (hUT - 1.5)
        return max(los, nlosPrime)
    }

    /// TR 38.901 Table 7.3-1 antenna gain toward (east, north) from a sector, dBi.
    func antennaGainDBi(
        eastMeters: Double, northMeters: Double, bsHeightMeters: Double, azimuthDegrees: Double, tiltDegrees: Double
    ) -> Double {
        let degrees = 180 / Double.pi
        var phi = atan2(eastMeters, northMeters) * degrees - azimuthDegrees
        phi = (phi + 540).truncatingRemainder(dividingBy: 360) - 180
        let d2D = (eastMeters * eastMeters + northMeters * northMeters).squareRoot()
        // Zenith angle of the point seen from the antenna; the pattern's tilt is 90° + downtilt.
        let theta = 90 + atan2(bsHeightMeters - utHeightMeters, d2D) * degrees
        let horizontal = -min(12 * (phi / beamwidthDegrees) * (phi / beamwidthDegrees), attenuationLimitDB)
        let offTilt = (theta - (90 + tiltDegrees)) / beamwidthDegrees
        let vertical = -min(12 * offTilt * offTilt, attenuationLimitDB)
        return maxGainDBi - min(-(horizontal + vertical), attenuationLimitDB)
    }

    /// The local-mean RSRP (no shadowing, no fading) in dBm.
    func meanRSRPDBm(
        eastMeters: Double, northMeters: Double, bsHeightMeters: Double, azimuthDegrees: Double, tiltDegrees: Double
    ) -> Double {
        let d2D = (eastMeters * eastMeters + northMeters * northMeters).squareRoot()
        let dh = bsHeightMeters - utHeightMeters
        let d3D = (d2D * d2D + dh * dh).squareRoot()
        let loss =
            umaNLOSPathLossDB(distance2DMeters: d2D, bsHeightMeters: bsHeightMeters) + offsetDB
            + slopeCorrectionDBPerDecade * log10(d3D / 1_000)
        return powerPerREDBm
            + antennaGainDBi(
                eastMeters: eastMeters, northMeters: northMeters, bsHeightMeters: bsHeightMeters,
                azimuthDegrees: azimuthDegrees, tiltDegrees: tiltDegrees) - loss
    }
}
