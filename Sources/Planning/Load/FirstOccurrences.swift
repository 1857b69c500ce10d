import Support

/// For each of `count` strings, the index of the first string equal to it (itself when it is the
/// first): what a `[String: Int]` of first indices finds, with the hashing done on several threads
/// and an open-addressing table in place of the dictionary (site ids of a city catalogue: 10⁵–10⁶).
///
/// Equality is `String`'s (canonical equivalence): when every string is ASCII, where that is
/// byte equality, they are hashed by their bytes (FNV-1a); otherwise by `hashValue`, which agrees
/// with `==` on any strings. A hash only selects candidates: equal hashes are compared with `==`.
enum FirstOccurrences {
    static func of(count: Int, threads: Int = 1, _ key: (Int) -> String) -> [Int] {
        guard count > 0 else { return [] }
        let chunks = Parallel.chunks(count: count, minimumChunk: 4096)
        let parallel = Parallel(threads: threads)
        var hashes = [UInt64](repeating: 0, count: count)
        let ascii = hashes.withUnsafeMutableBufferPointer { buffer in
            let output = SharedBuffer(pointer: buffer)
            return parallel.map(chunks) { range -> Bool in
                for k in range {
                    guard let hash = bytesHash(key(k)) else { return false }
                    output[k] = hash
                }
                return true
            }
        }
        if ascii.contains(false) {
            hashes.withUnsafeMutableBufferPointer { buffer in
                let output = SharedBuffer(pointer: buffer)
                parallel.forEach(chunks) { range in
                    for k in range { output[k] = UInt64(bitPattern: Int64(key(k).hashValue)) }
                }
            }
        }
        var capacity = 1
        while capacity < 2 * count { capacity <<= 1 }
        let mask = capacity - 1
        var slots = [Int](repeating: -1, count: capacity)
        var first = [Int](repeating: 0, count: count)
        for k in 0..<count {
            let hash = hashes[k]
            // The table's index from the hash's high bits mixed down (FNV's low bits are weak).
            var slot = Int(truncatingIfNeeded: ((hash ^ (hash >> 29)) &* 0xBF58_476D_1CE4_E5B9) >> 20) & mask
            first[k] = k
            while slots[slot] >= 0 {
                let j = slots[slot]
                if hashes[j] == hash && key(j) == key(k) {
                    first[k] = j
                    break
                }
                slot = (slot + 1) & mask
            }
            if first[k] == k { slots[slot] = k }
        }
        return first
    }

    /// FNV-1a (64 bits) of an ASCII string's bytes; nil when it holds any other character.
    @inline(__always)
    static func bytesHash(_ text: String) -> UInt64? {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            if byte >= 0x80 { return nil }
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
