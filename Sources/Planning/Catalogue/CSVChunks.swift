import Foundation
import Support

/// Scanning the records of a large CSV text in byte ranges on several threads.
///
/// The text is cut after the first LF at or after every `CSVChunks.bytes`-th byte (cuts depend on
/// the text only, never on the thread count); the ranges are many and small, taken by the workers
/// in text order, so a worker slowed by another process holds up one range, not half the text. A
/// cut is only a guess: it may fall inside a quoted field that spans lines. Each range is scanned
/// from its cut (`CSVParser.scan`, counting lines from 1 at the cut) up to the first record end
/// at or after the next cut. A range is trusted only when the range before it, itself trusted,
/// ended exactly at its cut: it was then read exactly as one front-to-back scan reads it, and its
/// lines are shifted by the line of its cut (known then from the ranges before it). A range whose
/// cut was wrong is scanned again from where the range before it ended (its results from the guess
/// are dropped): same records, lines and problems as a single scan, whatever the thread count;
/// only the time differs. Lines are never counted in a pass of their own.
enum CSVChunks {
    /// Bytes per range (about): smaller texts are one range (tests pass smaller ranges).
    static let bytes = 1 << 20

    /// What `scan` returns: the records of each range, in text order, and the syntax problems of
    /// every range in text order.
    struct Result {
        var values: [CSVFields]
        var problems: [CSVParser.SyntaxProblem]
    }

    /// Scans the records of `text` from byte `start` (a record start on line `line`) to its end in
    /// ranges on up to `threads` threads.
    /// `fieldsPerRecord` (the header's) sizes each range's tables from the records a sample of the
    /// text suggests, so that they are allocated about once instead of grown by doubling.
    static func scan(
        _ text: [UInt8], delimiter: UInt8, from start: Int, line: Int, threads: Int, rangeBytes: Int = bytes,
        fieldsPerRecord: Int = 1
    ) -> Result {
        let cuts = self.cuts(text, from: start, rangeBytes: rangeBytes)
        let ranges = (0..<(cuts.count - 1)).map { $0..<($0 + 1) }
        // Records per byte from the line breaks of the first 64 kB (about one per line).
        let sample = start..<min(text.count, start + 1 << 16)
        let recordsPerByte = Double(lineBreaks(text, sample) + 1) / Double(max(1, sample.count))
        func capacity(_ k: Int) -> (Int, Int) {
            let records = Int(Double(cuts[k + 1] - cuts[k]) * recordsPerByte * 1.05) + 16
            return (records, records * fieldsPerRecord)
        }
        let guesses = Parallel(threads: threads).map(ranges) { k -> CSVParser.Scanned in
            let k = k.lowerBound
            return CSVParser.scan(
                text, delimiter: delimiter, from: cuts[k], line: 1, until: cuts[k + 1], capacity: capacity(k))
        }
        var result = Result(values: [], problems: [])
        result.values.reserveCapacity(guesses.count)
        var position = start
        var positionLine = line
        for (k, guess) in guesses.enumerated() where cuts[k + 1] > position || k == 0 {
            var scanned = guess
            if cuts[k] != position {
                scanned = CSVParser.scan(
                    text, delimiter: delimiter, from: position, line: 1, until: cuts[k + 1], capacity: capacity(k))
            }
            // Lines counted from 1 at the range's start, which is on line `positionLine`.
            scanned.fields.shiftLines(by: positionLine - 1)
            for index in scanned.problems.indices { scanned.problems[index].line += positionLine - 1 }
            result.values.append(scanned.fields)
            result.problems += scanned.problems
            position = scanned.end
            positionLine += scanned.endLine - 1
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

    /// Line breaks in `range` as `CSVParser.scan` counts them: LF, and CR not followed by LF (a
    /// sample of the text's records per byte).
    /// Eight bytes at a time: the LF and CR bytes of a word found with the usual zero-byte test
    /// (Mycroft; Hacker's Delight §6-1) on the word XOR the repeated byte.
    static func lineBreaks(_ text: [UInt8], _ range: Range<Int>) -> Int {
        text.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return 0 }
            var count = 0
            var index = range.lowerBound
            func loneCR(_ index: Int) -> Bool { !(index + 1 < buffer.count && buffer[index + 1] == 0x0A) }
            while index + 8 <= range.upperBound {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                count += matches(word, 0x0A).nonzeroBitCount
                var cr = matches(word, 0x0D)
                while cr != 0 {
                    if loneCR(index + cr.trailingZeroBitCount / 8) { count += 1 }
                    cr &= cr - 1
                }
                index += 8
            }
            while index < range.upperBound {
                if buffer[index] == 0x0A || (buffer[index] == 0x0D && loneCR(index)) { count += 1 }
                index += 1
            }
            return count
        }
    }

    /// The high bit of each byte of `word` equal to `byte` (exact: no false positives).
    @inline(__always)
    static func matches(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        let x = word ^ (UInt64(byte) &* 0x0101_0101_0101_0101)
        return ~(((x & low) &+ low) | x | low)
    }
}
