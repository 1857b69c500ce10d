import Foundation
import Testing

@testable import Support

/// The in-place number parser against `Double(String)` (correctly rounded `strtod`), bit for bit.
@Suite("Decimal parsing")
struct DecimalParsingTests {
    static func parse(_ literal: String) -> Double? {
        Array(literal.utf8).withUnsafeBufferPointer { DecimalParsing.double($0, 0, $0.count) }
    }

    @Test("fixed literals: exponents, signs, zeros, limits, more digits than a double holds")
    func fixed() {
        let literals = [
            "0", "-0", "1", "-1", "0.1", "0.2", "0.30000000000000004", "113.2644125", "23.12911", "1e-3", "1E3",
            "-2.5E+2", "6.02214076e23", "12345678901234567890", "9007199254740993", "9007199254740992",
            "1.7976931348623157e308", "2.2250738585072014e-308", "5e-324", "4.9406564584124654e-324", "1e22",
            "1e23", "1e-22", "1e-23", "123456789012345678.5", "0.000000000000000000001", "1.00000000000000011102",
            "7.2057594037927933e16", "3.14159265358979323846264338327950288",
        ]
        for literal in literals {
            let expected = Double(literal)!
            let actual = Self.parse(literal)
            #expect(actual?.bitPattern == expected.bitPattern, "\(literal)")
        }
        #expect(Self.parse("1e400") == .infinity)
    }

    @Test("random literals of every shape equal Double(String) bit for bit")
    func random() {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
        for _ in 0..<200_000 {
            var literal = next() % 2 == 0 ? "-" : ""
            let integerDigits = Int(next() % 12)
            literal +=
                integerDigits == 0 ? "0" : String(next() % 900_000_000_000 + 100_000_000_000).prefix(integerDigits)
            if next() % 3 != 0 {
                let fraction = String(next()).prefix(Int(1 + next() % 19))
                literal += "." + fraction
            }
            if next() % 3 == 0 { literal += (next() % 2 == 0 ? "e" : "E-") + String(next() % 40) }
            guard let expected = Double(literal) else { continue }
            #expect(Self.parse(literal)?.bitPattern == expected.bitPattern, "\(literal)")
        }
    }

    @Test("JSONParser.number: a whole text that is one number, like parse(bytes:) giving .number")
    func wholeNumber() throws {
        for text in [
            "12", " 12 ", "12\n", "-0.5e3", "1e400", "12a", "", "abc", "\"1\"", "01", "1.", "[1]", "\u{FEFF}7",
        ] {
            let reference: JSONNumber?
            if case .number(let n)? = try? JSONParser.parse(bytes: Array(text.utf8)) {
                reference = n
            } else {
                reference = nil
            }
            let actual = JSONParser.number(text)
            #expect(actual?.literal == reference?.literal && actual?.value == reference?.value, "\(text)")
        }
    }
}
