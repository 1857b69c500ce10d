import Foundation
import Testing

@testable import Support

@Suite("Number formatting")
struct PrecisionTests {
    @Test(
        "text: at most N decimals, trailing zeros dropped, exact and deterministic",
        arguments: [
            (113.3, "113.3"), (0.1 + 0.2, "0.3"), (-23.000000049, "-23"), (1e-8, "0"), (-0.00000005, "-0.0000001"),
            (180, "180"), (12.5000001, "12.5000001"), (-0.0, "0"), (.infinity, "null"), (.nan, "null"),
        ])
    func degreesText(value: Double, text: String) {
        #expect(Precision.degrees.text(value) == text)
        var out = "["
        Precision.degrees.append(value, to: &out)
        #expect(out == "[" + text)
    }

    @Test("text of a value and of its rounded value agree; rounding is (x × 10^d).rounded() / 10^d")
    func roundedAgrees() {
        var state: UInt64 = 7
        for _ in 0..<20_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let value = (Double(state >> 11) / Double(1 << 53) - 0.5) * 400
            for decimals in [0, 1, 2, 3, 6, 7] {
                let precision = Precision(decimals: decimals)
                var scale = 1.0
                for _ in 0..<decimals { scale *= 10 }
                #expect(precision.rounded(value) == (value * scale).rounded() / scale)
                #expect(precision.text(value) == precision.text(precision.rounded(value)))
                #expect(abs(Double(precision.text(value))! - value) <= 0.5 / scale * (1 + 1e-9))
            }
        }
        #expect(Precision.degrees.rounded(113.123456789) == 113.1234568)
    }

    @Test("fixed: exactly N decimals as printf writes them (the binary value rounded half to even)")
    func fixed() {
        #expect(Precision.hundredths.fixed(0.125) == "0.12") // 0.125 is exact: a tie, to even
        #expect(Precision.hundredths.text(0.125) == "0.13") // the scaled-integer rule rounds ties away
        #expect(Precision.tenths.fixed(2) == "2.0")
        #expect(Precision.whole.fixed(1234.5) == "1234")
        #expect(Precision.hundredths.fixed(-1.005) == "-1.00") // -1.005 is just above -1.005 in binary
        #expect(Precision.tenths.fixed(.infinity) == "inf")
    }

    @Test("shortest: integers without a fraction, others as Swift's round-trip description")
    func shortest() {
        #expect(NumberText.shortest(25) == "25")
        #expect(NumberText.shortest(-3e15) == "-3000000000000000")
        #expect(NumberText.shortest(0.1) == "0.1")
        #expect(NumberText.shortest(1e-7) == "1e-07")
        #expect(NumberText.shortest(1e16) == "1e+16")
        #expect(NumberText.shortest(.nan) == "null")
        #expect(NumberText.message(.infinity) == "inf")
        #expect(JSONWriter.string(.number(0.1 + 0.2)) == "0.30000000000000004")
        #expect(JSONWriter.string(.number(0.1 + 0.2, .figure)) == "0.3")
    }

    @Test("grouped: whole numbers with thousands separators and a true minus sign")
    func grouped() {
        #expect(NumberText.grouped(44105) == "44,105")
        #expect(NumberText.grouped(999) == "999")
        #expect(NumberText.grouped(1_000_000) == "1,000,000")
        #expect(NumberText.grouped(-1250.4) == "−1,250")
        #expect(NumberText.grouped(-0.4) == "0")
        #expect(NumberText.grouped(0.5) == "1") // rounded first, ties away from zero
        #expect(NumberText.grouped(.nan) == "—")
    }

    @Test("the named precisions")
    func named() {
        #expect(Precision.degrees.decimals == 7)
        #expect(Precision.messageDegrees.decimals == 4)
        #expect(Precision.meters.decimals == 3 && Precision.seconds.decimals == 3)
        #expect(Precision.figure.decimals == 6 && Precision.fraction.decimals == 8)
        #expect(Precision.hundredths.decimals == 2 && Precision.tenths.decimals == 1 && Precision.whole.decimals == 0)
        #expect(Precision(decimals: 12).decimals == 9)
    }
}
