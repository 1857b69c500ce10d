import Foundation

/// The bytes of a JSON file, kept for values that are read from them later rather than built on
/// load: a GeoJSON catalogue's site keeps its `properties` as the offset of the object in here
/// (`SiteProperties`), checked on load (`JSONScanner.checkValue`) and parsed when a writer asks.
/// Immutable; shared by every value read from the file.
public final class JSONText: Sendable {
    public let data: Data

    public init(_ data: Data) { self.data = data }

    /// The value at byte `offset`, as `JSONScanner.value(depth:)` builds it there; the text must
    /// have been checked there with the same `depth` (else this traps: a reader's bug).
    public func value(at offset: Int, depth: Int) -> JSONValue {
        data.withUnsafeBytes { raw in
            var scanner = JSONScanner(bytes: raw.bindMemory(to: UInt8.self))
            scanner.seek(to: offset)
            guard let value = try? scanner.value(depth: depth) else {
                preconditionFailure("JSON text at \(offset) was not checked on load")
            }
            return value
        }
    }
}
