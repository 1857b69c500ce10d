import Testing

@testable import Radio

/// The inverse search on synthetic margins whose answer is known exactly.
@Suite("MaxRange search")
struct MaxRangeTests {
    @Test("Monotone: bracketing + bisection finds the root to 1 µm")
    func monotone() {
        let result = MaxRange.largestDistance(monotone: true) { 1234.5 - $0 }
        #expect(abs(result.distanceMeters - 1234.5) < 1e-5)
        #expect(!result.isCapped)
    }

    @Test("Non-monotone: a covered island beyond a gap is found by the scan")
    func island() {
        // Covered to 100 m, uncovered 100–300 m, covered again 300–320 m.
        let margin: (Double) -> Double = { d in d <= 100 || (300...320).contains(d) ? 1 : -1 }
        let scanned = MaxRange.largestDistance(monotone: false, margin: margin)
        #expect(abs(scanned.distanceMeters - 320) < 1e-5)
        // The monotone shortcut would stop at the gap — why the non-monotone path exists.
        let bisected = MaxRange.largestDistance(monotone: true, margin: margin)
        #expect(bisected.distanceMeters < 300)
    }

    @Test("Nothing covered gives 0; covered everywhere is capped")
    func extremes() {
        #expect(MaxRange.largestDistance(monotone: true) { _ in -1 }.distanceMeters == 0)
        #expect(MaxRange.largestDistance(monotone: false) { _ in -1 }.distanceMeters == 0)
        let everywhere = MaxRange.largestDistance(monotone: true) { _ in 1 }
        #expect(everywhere.isCapped && everywhere.distanceMeters == MaxRange.capMeters)
    }
}
