import Foundation
import Support

/// Scanning the records of a large CSV text in byte ranges on several threads.
///
/// The text is cut after the first LF at or after every `CSVChunks.bytes`-th byte (cuts depend on
/// the text only, never on the thread count). A cut is only a guess: it may fall inside a quoted
/// field that spans lines. Each range is scanned from its cut (`CSVParser.scan`, with the line of
/// the cut from a count of the line breaks before it, which does not depend on quoting) up to the
/// first record end at or after the next cut. A range is trusted only when the range before it,
/// itself trusted, ended exactly at its cut: it was then read exactly as one front-to-back scan
/// reads it. A range whose cut was wrong is scanned again from where the range before it ended
/// (and its results from the guess are dropped): same records, lines and problems as a single
/// scan, whatever the thread count; only the time differs.
enum CSVChunks {
    /// Bytes per range (about): smaller texts are one range (tests pass smaller ranges).
    static let bytes = 1 << 20

    /// What `scan` returns: one value per range, in text order, and the syntax problems of every
    /// range in text order.
    struct Result<Value> {
        var values: [Value]
        var problems: [CSVParser.SyntaxProblem]
    }

    /// Scans the records of `text` from byte `start` (a record start on line `line`) to its end in
    /// ranges on up to `threads` threads, and hands each range's records to `body`, which returns
    /// the range's value. `body` may be called twice for a range whose cut was wrong (the first
    /// value is dropped).
    static func scan<Value>(
        _ text: [UInt8], delimiter: UInt8, from start: Int, line: Int, threads: Int, rangeBytes: Int = bytes,
        _ body: (CSVFields) -> Value
    ) -> Result<Value> {
        let cuts = self.cuts(text, from: start, rangeBytes: rangeBytes)
        let ranges = (0..<(cuts.count - 1)).map { $0..<($0 + 1) }
        let parallel = Parallel(threads: threads)
        // The line each range starts on: 1 + the line breaks before its cut.
        let breaks = parallel.map(ranges) { k in lineBreaks(text, cuts[k.lowerBound]..<cuts[k.lowerBound + 1]) }
        var lines = [line]
        for count in breaks.dropLast() { lines.append(lines[lines.count - 1] + count) }
        let guesses = parallel.map(ranges) { k -> (CSVParser.Scanned, Value) in
            let k = k.lowerBound
            let scanned = CSVParser.scan(text, delimiter: delimiter, from: cuts[k], line: lines[k], until: cuts[k + 1])
            return (scanned, body(scanned.fields))
        }
        var result = Result<Value>(values: [], problems: [])
        result.values.reserveCapacity(guesses.count)
        var position = start
        var positionLine = line
        for (k, guess) in guesses.enumerated() where cuts[k + 1] > position || k == 0 {
            var (scanned, value) = guess
            if cuts[k] != position {
                scanned = CSVParser.scan(
                    text, delimiter: delimiter, from: position, line: positionLine, until: cuts[k + 1])
                value = body(scanned.fields)
            }
            result.values.append(value)
            result.problems += scanned.problems
            position = scanned.end
            positionLine = scanned.endLine
        }
        return result
    }

    /// `start`, the byte after the first LF at or after each multiple of `rangeBytes` past `start`,
    /// and the end of the text (strictly increasing).
    static func cuts(_ text: [UInt8], from start: Int, rangeBytes: Int) -> [Int] {
        var cuts = [start]
        text.withUnsafeBufferPointer { buffer in
            var nominal = start + rangeBytes
            while nominal < buffer.count {
                guard let base = buffer.baseAddress,
                    let found = memchr(base + nominal, 0x0A, buffer.count - nominal)
                else { break }
                let cut = UnsafeRawPointer(found) - UnsafeRawPointer(base) + 1
                if cut < buffer.count && cut > cuts[cuts.count - 1] { cuts.append(cut) }
                nominal = max(nominal + rangeBytes, cut)
            }
        }
        cuts.append(max(start, text.count))
        return cuts
    }

    /// Line breaks in `range` as `CSVParser.scan` counts them: LF, and CR not followed by LF.
    static func lineBreaks(_ text: [UInt8], _ range: Range<Int>) -> Int {
        text.withUnsafeBufferPointer { buffer in
            var count = 0
            for index in range {
                let byte = buffer[index]
                if byte == 0x0A {
                    count += 1
                } else if byte == 0x0D && !(index + 1 < buffer.count && buffer[index + 1] == 0x0A) {
                    count += 1
                }
            }
            return count
        }
    }
}
