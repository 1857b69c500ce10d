import Foundation
import Testing

@testable import Radio

/// TR 38.901 Table 7.3-1 sector pattern: A_H = −min(12(φ/65)², 30), A_V = −min(12((θ−90)/65)², 30),
/// A = −min(−(A_H + A_V), 30).
@Suite("Antenna pattern (TR 38.901 Table 7.3-1)")
struct AntennaTests {
    let antenna = Antenna(pattern: .sector, maxGainDBi: 17, azimuthsDegrees: [0, 120, 240], downtiltDegrees: 0)

    @Test("Boresight gain is the maximum gain")
    func boresight() {
        for azimuth in [0.0, 120, 240] {
            #expect(antenna.gainDBi(bearingDegrees: azimuth, depressionDegrees: 0) == 17)
        }
        let tilted = Antenna(pattern: .sector, maxGainDBi: 17, azimuthsDegrees: [30], downtiltDegrees: 6)
        #expect(tilted.gainDBi(bearingDegrees: 30, depressionDegrees: 6) == 17)
        #expect(tilted.gainDBi(bearingDegrees: 30, depressionDegrees: 0) < 17)
    }

    @Test("−3 dB at ±32.5° (half the 65° beamwidth)")
    func halfPower() {
        let single = Antenna(pattern: .sector, maxGainDBi: 17, azimuthsDegrees: [90], downtiltDegrees: 0)
        #expect(abs(single.gainDBi(bearingDegrees: 90 + 32.5, depressionDegrees: 0) - 14) < 1e-12)
        #expect(abs(single.gainDBi(bearingDegrees: 90 - 32.5, depressionDegrees: 0) - 14) < 1e-12)
        #expect(
            abs(Antenna.horizontalAttenuationDB(offBoresightDegrees: 32.5, beamwidthDegrees: 65, frontToBackDB: 30) + 3)
                < 1e-12)
        #expect(
            abs(
                Antenna.verticalAttenuationDB(
                    depressionDegrees: 38.5, downtiltDegrees: 6, beamwidthDegrees: 65,
                    sideLobeDB: 30) + 3) < 1e-12)
    }

    @Test("Floor at the 30 dB front-to-back limit, also for combined H + V attenuation")
    func frontToBack() {
        let single = Antenna(pattern: .sector, maxGainDBi: 17, azimuthsDegrees: [0], downtiltDegrees: 0)
        #expect(single.gainDBi(bearingDegrees: 180, depressionDegrees: 0) == 17 - 30)
        #expect(single.gainDBi(bearingDegrees: -179, depressionDegrees: 0) == 17 - 30)
        // A_H = −12(60/65)² ≈ −10.2, A_V = −12(60/65)² ≈ −10.2, sum −20.4: not floored.
        let both = single.gainDBi(bearingDegrees: 60, depressionDegrees: 60)
        #expect(abs(both - (17 - 2 * 12 * (60.0 / 65) * (60.0 / 65))) < 1e-12)
        // A_H = −30 (floor) plus A_V ≈ −10.2 still floors at −30 in total.
        #expect(single.gainDBi(bearingDegrees: 150, depressionDegrees: 60) == 17 - 30)
    }

    @Test("Best sector is used: three sectors never drop below −3·(60/32.5)² dB horizontally")
    func bestSector() {
        // Worst bearing for 0/120/240 is 60° off every boresight: −12(60/65)² dB.
        let worst = antenna.gainDBi(bearingDegrees: 60, depressionDegrees: 0)
        #expect(abs(worst - (17 - 12 * (60.0 / 65) * (60.0 / 65))) < 1e-12)
        for bearing in stride(from: 0.0, through: 360, by: 7.5) {
            #expect(antenna.gainDBi(bearingDegrees: bearing, depressionDegrees: 0) >= worst - 1e-12)
        }
    }

    @Test("Omni is flat")
    func omni() {
        let omni = Antenna.omni(gainDBi: 8)
        #expect(omni.gainDBi(bearingDegrees: 77, depressionDegrees: 40) == 8)
    }

    @Test("Evaluator gain matches the Antenna value at the same bearing and depression")
    func evaluatorGain() {
        var profile = RadioProfile.n78Macro
        profile.antenna = Antenna(
            pattern: .sector, maxGainDBi: 17, azimuthsDegrees: [10, 130, 250], downtiltDegrees: 6)
        let evaluator = CoverageEvaluator(profile: profile, siteHeightMeters: 31.5)
        // East 300, north 400: bearing atan2(300, 400) = 36.87°, d2D 500, depression atan(30/500).
        let bearing = atan2(300.0, 400.0) * 180 / Double.pi
        let depression = atan2(30.0, 500.0) * 180 / Double.pi
        let expected = profile.antenna.gainDBi(bearingDegrees: bearing, depressionDegrees: depression)
        #expect(abs(evaluator.antennaGainDBi(eastMeters: 300, northMeters: 400) - expected) < 1e-12)
        // Every bearing, with azimuths given outside [0, 360).
        var odd = profile
        odd.antenna.azimuthsDegrees = [-100, 370, 725.5]
        let oddEvaluator = CoverageEvaluator(profile: odd, siteHeightMeters: 31.5)
        for step in 0..<720 {
            let angle = Double(step) * 0.5 * Double.pi / 180
            let east = 250 * sin(angle)
            let north = 250 * cos(angle)
            let bearing = atan2(east, north) * 180 / Double.pi
            let reference = odd.antenna.gainDBi(
                bearingDegrees: bearing, depressionDegrees: atan2(30.0, 250.0) * 180 / Double.pi)
            #expect(abs(oddEvaluator.antennaGainDBi(eastMeters: east, northMeters: north) - reference) < 1e-9)
        }
    }
}
