import Foundation

/// How many decimals a number keeps, named by what the number is; the one place where nrplan
/// rounds numbers and turns them into text.
///
/// Three forms, each with one rule:
/// - `rounded(_:)`: the value as a double, `(value × 10^d).rounded() / 10^d` (ties away from zero);
///   for figures stored as JSON numbers.
/// - `text(_:)` / `append(_:to:)`: at most `d` decimals, trailing zeros dropped, from the same
///   scaled integer (so the text of a value and of its `rounded` value agree); for coordinates in
///   GeoJSON and CSV, ids and messages. The same double always gives the same text.
/// - `fixed(_:)`: exactly `d` decimals as C's `printf("%.*f")` writes them (the exact binary value
///   rounded half to even); for tables people read.
public struct Precision: Sendable, Hashable, CustomStringConvertible {
    /// Decimal places, 0...9.
    public let decimals: Int
    /// 10^decimals, exact.
    public let scale: Double
    private let scaleInt: Int64

    /// A precision of `decimals` places (clamped to 0...9).
    public init(decimals: Int) {
        self.decimals = max(0, min(9, decimals))
        var scale = 1.0
        var scaleInt: Int64 = 1
        for _ in 0..<self.decimals {
            scale *= 10
            scaleInt *= 10
        }
        self.scale = scale
        self.scaleInt = scaleInt
    }

    public var description: String { "\(decimals) decimals" }

    // MARK: Named precisions

    /// WGS-84 longitude and latitude: 1e-7° ≈ 1.1 cm (RFC 7946 §11.2 recommends no more).
    public static let degrees = Precision(decimals: 7)
    /// Degrees in messages: 1e-4° ≈ 11 m, enough to find the place.
    public static let messageDegrees = Precision(decimals: 4)
    /// Planar metres (coordinates, cell sizes, lattice ids) and km² areas: 3 decimals.
    public static let meters = Precision(decimals: 3)
    /// Timings in seconds: 1 ms.
    public static let seconds = Precision(decimals: 3)
    /// Ratios, costs, radii and settings in summaries and messages: 6 decimals.
    public static let figure = Precision(decimals: 6)
    /// The solver's gaps and covered fractions in `solve-matrix` output: 8 decimals.
    public static let fraction = Precision(decimals: 8)
    /// Percentages, decibels and weights people read: 2 decimals.
    public static let hundredths = Precision(decimals: 2)
    /// Ranges in metres, m² of holes, map coordinates: 1 decimal.
    public static let tenths = Precision(decimals: 1)
    /// Whole numbers.
    public static let whole = Precision(decimals: 0)

    // MARK: The rules

    /// `value` rounded to this precision: `(value × 10^d).rounded() / 10^d`.
    public func rounded(_ value: Double) -> Double { (value * scale).rounded() / scale }

    /// At most `decimals` decimals, trailing zeros dropped; `null` for a non-finite value (the
    /// text is valid JSON either way).
    public func text(_ value: Double) -> String {
        var text = ""
        append(value, to: &text)
        return text
    }

    /// Appends `text(value)` to `out` without building a separate string.
    public func append(_ value: Double, to out: inout String) {
        guard value.isFinite else {
            out += "null"
            return
        }
        let scaled = (value * scale).rounded()
        guard abs(scaled) < 9.0e18 else {
            out += NumberText.shortest(value)
            return
        }
        var units = Int64(scaled)
        if units == 0 {
            out += "0"
            return
        }
        if units < 0 {
            out += "-"
            units = -units
        }
        out += String(units / scaleInt)
        var fraction = units % scaleInt
        guard fraction != 0 else { return }
        var digits = decimals
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        let text = String(fraction)
        out += "."
        if text.count < digits { out += String(repeating: "0", count: digits - text.count) }
        out += text
    }

    /// Exactly `decimals` decimals (`printf("%.*f")`); `inf`, `-inf` or `nan` for non-finite values.
    public func fixed(_ value: Double) -> String { String(format: "%.\(decimals)f", value) }
}

/// Numbers written with as many digits as they need.
public enum NumberText {
    /// Integral values within ±9·10^15 without a fraction (`25`), others in the shortest form that
    /// reads back as the same double (Swift's `description`: `0.1`, `1e-07`); `null` when not finite.
    public static func shortest(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded(), abs(value) < 9.0e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// Like `shortest`, for messages: `inf`, `-inf` and `nan` as Swift writes them.
    public static func message(_ value: Double) -> String { value.isFinite ? shortest(value) : "\(value)" }

    /// A whole number with thousands separators, as tables people read show counts: `44,105`,
    /// `−1,250` (U+2212 minus); `—` when not finite. The value is rounded first.
    public static func grouped(_ value: Double) -> String {
        guard value.isFinite else { return "—" }
        let rounded = value.rounded()
        let digits = abs(rounded) < 9.0e18 ? String(Int64(rounded).magnitude) : shortest(abs(rounded))
        var out = rounded < 0 ? "−" : ""
        for (k, digit) in digits.enumerated() {
            if k > 0 && (digits.count - k) % 3 == 0 { out += "," }
            out.append(digit)
        }
        return out
    }

    /// A byte as messages name it: `0xC3`.
    public static func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return "0x" + (digits.count < 2 ? "0" : "") + digits
    }
}
