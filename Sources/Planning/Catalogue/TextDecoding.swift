import Foundation
import Support

#if canImport(Glibc)
    import Glibc
#endif

/// Decodes the bytes of a text file (a CSV catalogue) into UTF-8, recognising what spreadsheets
/// export: UTF-8 with or without a byte-order mark, UTF-16 with a byte-order mark ("Unicode
/// text"), and GB18030/GBK, the default of Excel and WPS on Chinese Windows.
///
/// Detection: a BOM decides; otherwise valid UTF-8 is UTF-8; otherwise the bytes are converted
/// from GB18030 (a superset of GBK and GB2312) with Glibc's `iconv_open`/`iconv`, in process,
/// and a warning says so. Bytes that are neither are an error naming the line.
public enum TextDecoding {
    /// The encoding a file was read in.
    public enum Encoding: String, Sendable {
        case utf8 = "UTF-8"
        case utf8WithBOM = "UTF-8 with BOM"
        case utf16LittleEndian = "UTF-16LE"
        case utf16BigEndian = "UTF-16BE"
        case gb18030 = "GB18030"
    }

    /// Why the bytes could not be decoded: a message and the 1-based line of the first bad byte.
    public struct Failure: Error, Sendable {
        public let line: Int
        public let message: String
    }

    /// The text of `data` as UTF-8 bytes (no BOM) and the encoding it was found in; UTF-8 is
    /// checked on up to `threads` threads (same answer on any number).
    public static func decode(_ data: Data, threads: Int = 1) throws(Failure) -> (utf8: [UInt8], encoding: Encoding) {
        try decode([UInt8](data), threads: threads)
    }

    /// `decode(_:threads:)` of bytes already in an array (UTF-8 text is returned without a copy).
    public static func decode(_ bytes: [UInt8], threads: Int = 1) throws(Failure) -> (
        utf8: [UInt8], encoding: Encoding
    ) {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            let body = Array(bytes.dropFirst(3))
            if !isUTF8(body, threads: threads), let bad = firstInvalidUTF8Offset(body) {
                throw Failure(
                    line: lineNumber(of: bad, in: body),
                    message: "invalid UTF-8 after a UTF-8 byte-order mark (byte \(NumberText.hex(body[bad])))")
            }
            return (body, .utf8WithBOM)
        }
        if bytes.starts(with: [0xFF, 0xFE]) {
            return (try convert(Array(bytes.dropFirst(2)), from: "UTF-16LE"), .utf16LittleEndian)
        }
        if bytes.starts(with: [0xFE, 0xFF]) {
            return (try convert(Array(bytes.dropFirst(2)), from: "UTF-16BE"), .utf16BigEndian)
        }
        if isUTF8(bytes, threads: threads) { return (bytes, .utf8) }
        return (try convert(bytes, from: "GB18030"), .gb18030)
    }

    /// Bytes per range when UTF-8 is checked on several threads.
    static let rangeBytes = 1 << 20

    /// True when `bytes` are UTF-8 (`firstInvalidUTF8Offset` is nil), checked in ranges on up to
    /// `threads` threads. Each range starts at a byte that is not a continuation byte (10xxxxxx):
    /// in valid UTF-8 every range then starts and ends on a scalar boundary and is valid, and
    /// valid ranges make a valid text.
    static func isUTF8(_ bytes: [UInt8], threads: Int, rangeBytes: Int = TextDecoding.rangeBytes) -> Bool {
        guard threads > 1, bytes.count > 2 * rangeBytes else { return firstInvalidUTF8Offset(bytes) == nil }
        var cuts = [0]
        for nominal in stride(from: rangeBytes, to: bytes.count, by: rangeBytes) {
            var cut = nominal
            while cut < bytes.count && cut < nominal + 4 && bytes[cut] & 0xC0 == 0x80 { cut += 1 }
            // Four continuation bytes in a row are not UTF-8.
            guard cut < nominal + 4 else { return false }
            if cut < bytes.count { cuts.append(cut) }
        }
        cuts.append(bytes.count)
        let ranges = (0..<(cuts.count - 1)).map { cuts[$0]..<cuts[$0 + 1] }
        let valid = Parallel(threads: threads).map(ranges) { range in
            bytes.withUnsafeBufferPointer { firstInvalidUTF8Offset(UnsafeBufferPointer(rebasing: $0[range])) == nil }
        }
        return !valid.contains(false)
    }

    /// Byte offset of the first byte that breaks UTF-8 validity, or nil when the bytes are UTF-8.
    ///
    /// ASCII is skipped eight bytes at a time; a multi-byte sequence is checked against the
    /// well-formed byte sequences of Unicode §3.9, Table 3-7 (no overlong forms, no surrogates,
    /// nothing above U+10FFFF). The offset is the start of the first ill-formed or truncated
    /// sequence: what decoding the whole text with the standard library's `UTF8` finds (tested).
    /// - Complexity: O(n).
    static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { firstInvalidUTF8Offset($0) }
    }

    static func firstInvalidUTF8Offset(_ buffer: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        let count = buffer.count
        guard let base = buffer.baseAddress else { return nil }
        @inline(__always) func continuation(_ at: Int, _ low: UInt8 = 0x80, _ high: UInt8 = 0xBF) -> Bool {
            at < count && base[at] >= low && base[at] <= high
        }
        while true {
            while index + 8 <= count,
                UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0
            {
                index += 8
            }
            while index < count, base[index] < 0x80 { index += 1 }
            if index == count { return nil }
            // Multi-byte sequences until the text is back to ASCII.
            while index < count, base[index] >= 0x80 {
                let lead = base[index]
                switch lead {
                case 0xC2...0xDF:
                    guard continuation(index + 1) else { return index }
                    index += 2
                case 0xE0...0xEF:
                    let (low, high): (UInt8, UInt8) =
                        lead == 0xE0 ? (0xA0, 0xBF) : lead == 0xED ? (0x80, 0x9F) : (0x80, 0xBF)
                    guard continuation(index + 1, low, high), continuation(index + 2) else { return index }
                    index += 3
                case 0xF0...0xF4:
                    let (low, high): (UInt8, UInt8) =
                        lead == 0xF0 ? (0x90, 0xBF) : lead == 0xF4 ? (0x80, 0x8F) : (0x80, 0xBF)
                    guard continuation(index + 1, low, high), continuation(index + 2), continuation(index + 3) else {
                        return index
                    }
                    index += 4
                default:
                    return index // a continuation byte without a lead, C0, C1 or F5…FF
                }
            }
        }
    }

    /// Converts `bytes` from `encoding` to UTF-8 with iconv(3).
    static func convert(_ bytes: [UInt8], from encoding: String) throws(Failure) -> [UInt8] {
        // (iconv_t)-1 on failure (encoding unknown or gconv modules missing)
        let descriptor = iconv_open("UTF-8", encoding)
        guard let descriptor, descriptor != iconv_t(bitPattern: -1) else {
            throw Failure(
                line: 1,
                message:
                    "cannot convert from \(encoding): iconv does not support it on this system (glibc gconv modules missing?)"
            )
        }
        defer { iconv_close(descriptor) }
        if bytes.isEmpty { return [] }
        var output = [UInt8](repeating: 0, count: bytes.count * 2 + 16)
        var input = bytes
        var producedCount = 0
        var failedAt: Int?
        input.withUnsafeMutableBufferPointer { inBuffer in
            guard let inBase = inBuffer.baseAddress else { return }
            var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBase).assumingMemoryBound(
                to: CChar.self)
            var inLeft = inBuffer.count
            while inLeft > 0 {
                let produced = output.withUnsafeMutableBufferPointer { outBuffer -> (Int, Int32) in
                    guard let outBase = outBuffer.baseAddress else { return (0, E2BIG) }
                    var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBase + producedCount)
                        .assumingMemoryBound(to: CChar.self)
                    var outLeft = outBuffer.count - producedCount
                    // (size_t)-1 on failure with errno EILSEQ (invalid input), EINVAL (truncated input) or E2BIG (output full)
                    let result = iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
                    let written = outBuffer.count - producedCount - outLeft
                    return (written, result == -1 ? errno : 0)
                }
                producedCount += produced.0
                if produced.1 == E2BIG {
                    output += [UInt8](repeating: 0, count: output.count)
                    continue
                }
                if produced.1 != 0 {
                    failedAt = inBuffer.count - inLeft
                    return
                }
            }
        }
        if let failedAt {
            let byte = failedAt < bytes.count ? NumberText.hex(bytes[failedAt]) : "end of file"
            throw Failure(
                line: lineNumber(of: failedAt, in: bytes),
                message: "the text is neither UTF-8 nor \(encoding) (invalid byte \(byte)); save it as UTF-8")
        }
        return Array(output.prefix(producedCount))
    }

    /// 1-based line of a byte offset (lines end with LF).
    static func lineNumber(of offset: Int, in bytes: [UInt8]) -> Int {
        var line = 1
        for index in 0..<min(offset, bytes.count) where bytes[index] == 0x0A { line += 1 }
        return line
    }

}
