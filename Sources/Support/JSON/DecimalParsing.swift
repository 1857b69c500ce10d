import Foundation

/// Decimal number literals to doubles without going through `String`.
///
/// The fast path is Clinger's (W. D. Clinger, "How to read floating point numbers accurately",
/// PLDI 1990): when the significant digits fit in 2^53 and the power of ten is at most 10^22, both
/// are exact doubles and one IEEE multiplication or division rounds correctly, so the result is the
/// same double `Double(String)` (correctly rounded `strtod`) gives. Anything else (more than 15–16
/// significant digits, large exponents) goes through `Double(String)`.
public enum DecimalParsing {
    /// Exact powers of ten as doubles (10^0 … 10^22 are all representable).
    static let powersOfTen: [Double] = (0...22).map { (k: Int) -> Double in
        var value = 1.0
        for _ in 0..<k { value *= 10 }
        return value
    }

    /// The double of a JSON number literal in `bytes[start..<end]` (already checked against the
    /// JSON number grammar), correctly rounded; nil only when out of the double range.
    @inline(__always)
    public static func double(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        if let value = fastDouble(bytes, start, end) { return value }
        let literal = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        return Double(literal)
    }

    /// Clinger's fast path, or nil when it does not apply.
    @inline(__always)
    static func fastDouble(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        var index = start
        var negative = false
        if bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0 // significant digits accumulated (leading zeros not counted)
        var exponent10 = 0
        while index < end, bytes[index] &- 0x30 < 10 {
            let digit = UInt64(bytes[index] &- 0x30)
            if digits > 0 || digit != 0 {
                mantissa = mantissa &* 10 &+ digit
                digits += 1
            }
            index += 1
        }
        if index < end, bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < end, bytes[index] &- 0x30 < 10 {
                let digit = UInt64(bytes[index] &- 0x30)
                if digits > 0 || digit != 0 {
                    mantissa = mantissa &* 10 &+ digit
                    digits += 1
                }
                exponent10 -= 1
                index += 1
            }
        }
        if index < end { // exponent
            index += 1
            var exponentNegative = false
            if bytes[index] == UInt8(ascii: "-") {
                exponentNegative = true
                index += 1
            } else if bytes[index] == UInt8(ascii: "+") {
                index += 1
            }
            var exponent = 0
            while index < end {
                exponent = exponent * 10 + Int(bytes[index] &- 0x30)
                if exponent > 100_000 { return nil }
                index += 1
            }
            exponent10 += exponentNegative ? -exponent : exponent
        }
        guard digits <= 19, mantissa <= 1 << 53 else { return nil }
        if mantissa == 0 { return negative ? -0.0 : 0.0 }
        var value = Double(mantissa)
        if exponent10 < 0 {
            guard exponent10 >= -22 else { return nil }
            value /= powersOfTen[-exponent10]
        } else if exponent10 > 0 {
            guard exponent10 <= 22 else { return nil }
            value *= powersOfTen[exponent10]
        }
        return negative ? -value : value
    }
}
