import Support

/// Reading the `features` array of a large FeatureCollection in parallel.
///
/// The array is cut at guessed feature starts (a `{` after `}` and `,`, found by a byte search
/// from offsets `rangeBytes` apart: the cuts depend on the file only, never on the thread count,
/// and the ranges are many and small, taken by the workers in file order, so that a worker slowed
/// by another process holds up one range, not a quarter of the file); each range is read by its
/// own `Reader` from its start until it reaches the next range's start. A guess is only trusted
/// when the range before it, read from a start already trusted, ends exactly there between two
/// features: so every accepted range is read exactly as one front-to-back pass would read it (the
/// first range starts at the array's first feature). When a guess is wrong (e.g. `},{` inside a
/// string) the ranges are dropped and the array is read front to back: same features either way,
/// only the time differs.
extension GeoJSONStreamReader.Reader {
    /// Bytes per range (about): files under two ranges are read on one thread.
    static let rangeBytes = 1 << 18

    /// The features of the array whose first feature starts at the scanner's position, read in
    /// ranges on up to `threads` threads, each range into its own state (`GeoJSONStreamReader.read`);
    /// the scanner ends after the array's `]`. Nil (scanner unmoved) when the array is small or a
    /// guessed start turned out wrong.
    mutating func parallelFeatures<State>(_ sink: GeoJSONStreamReader.Sink<State>) -> [FeatureRange<State>]? {
        guard scanner.peek() == UInt8(ascii: "{") else { return nil }
        let bytes = scanner.bytes
        let first = scanner.index
        let count = (bytes.count - first) / Self.rangeBytes
        guard count > 1 else { return nil }
        var starts = [first]
        for k in 1..<count {
            let from = first + (bytes.count - first) * k / count
            guard let start = Self.featureStart(in: bytes, from: max(from, starts[starts.count - 1] + 1)) else { break }
            starts.append(start)
        }
        guard starts.count > 1 else { return nil }
        let job = alongside ?? {}
        alongside = nil
        let reader = self
        let parts = Parallel(threads: threads).map(starts.indices.map { $0..<($0 + 1) }, alongside: job) {
            item -> Part<State>? in
            var copy = reader
            let k = item.lowerBound
            return try? copy.range(from: starts[k], upTo: k + 1 < starts.count ? starts[k + 1] : nil, sink)
        }
        var ranges: [FeatureRange<State>] = []
        var firstIndex = 0
        for part in parts {
            guard var part else { return nil }
            part.range.firstIndex = firstIndex
            firstIndex += part.range.count
            ranges.append(part.range)
            if part.closed {
                scanner.seek(to: part.end)
                return ranges
            }
        }
        return nil
    }

    /// The features of one range and where it ended.
    struct Part<State> {
        var range: FeatureRange<State>
        /// The array's `]` was read (the ranges after this one are beyond the array).
        var closed: Bool
        /// Byte offset after the `]` when closed.
        var end: Int
    }

    /// Reads features from the one starting at byte `start` until the next one would start at
    /// `next` (exactly: stops otherwise) or the array closes.
    mutating func range<State>(from start: Int, upTo next: Int?, _ sink: GeoJSONStreamReader.Sink<State>)
        throws(GeoJSONStreamReader.Stop) -> Part<State>
    {
        scanner.seek(to: start)
        var range = FeatureRange(state: sink.state((next ?? scanner.bytes.count) - start), firstIndex: 0, count: 0)
        while true {
            try self.next(into: &range, sink)
            guard try scanner.next(orClose: UInt8(ascii: "]")) else {
                return Part(range: range, closed: true, end: scanner.index)
            }
            if let next {
                _ = scanner.peek()
                if scanner.index == next { return Part(range: range, closed: false, end: next) }
                if scanner.index > next { throw GeoJSONStreamReader.Stop() }
            }
        }
    }

    /// The offset of the first `{` at or after `from` that follows `}` and `,` (whitespace
    /// allowed between them) and is followed by `"`: a likely feature start, to be checked.
    static func featureStart(in bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        var index = max(from, 1)
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "{") {
                var before = index - 1
                while before > 0, isSpace(bytes[before]) { before -= 1 }
                if bytes[before] == UInt8(ascii: ",") {
                    before -= 1
                    while before > 0, isSpace(bytes[before]) { before -= 1 }
                    var after = index + 1
                    while after < bytes.count, isSpace(bytes[after]) { after += 1 }
                    if bytes[before] == UInt8(ascii: "}"), after < bytes.count, bytes[after] == UInt8(ascii: "\"") {
                        return index
                    }
                }
            }
            index += 1
        }
        return nil
    }

    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }
}
