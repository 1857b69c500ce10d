import Foundation
import Testing

@testable import Support

/// `JSONParser.isValidUTF8` (the check behind the parser's string fast path) against the standard
/// library's `String(validating:)` on random and near-valid byte sequences.
@Suite("UTF-8 validation")
struct UTF8ValidationTests {
    @Test("same verdict as String(validating:) on random bytes", arguments: 0..<20)
    func randomBytes(seed: Int) {
        var state = UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 | 1
        func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
        // Bytes drawn from the interesting ranges: ASCII, continuation, every lead byte class,
        // the overlong and surrogate edges (C0/C1, E0, ED, F0, F4, F5…FF).
        let pool: [UInt8] = [
            0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE,
            0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF,
        ]
        for _ in 0..<2_000 {
            let bytes = (0..<Int(next() % 9)).map { _ in pool[Int(next() % UInt64(pool.count))] }
            let expected = String(validating: bytes, as: UTF8.self) != nil
            let actual = bytes.withUnsafeBufferPointer { JSONParser.isValidUTF8($0) }
            #expect(actual == expected, "\(bytes.map { String($0, radix: 16) })")
        }
    }

    @Test("valid text of every length class is accepted")
    func validText() {
        for text in ["", "ascii", "é", "天河区", "😀", "a\u{10FFFF}b", "\u{D7FF}\u{E000}\u{FFFD}", "Ünïcödé 中文 🚀"] {
            #expect(Array(text.utf8).withUnsafeBufferPointer { JSONParser.isValidUTF8($0) }, "\(text)")
        }
    }
}
