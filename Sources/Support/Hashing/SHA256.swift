import CSHA256
import Foundation

/// SHA-256 (FIPS 180-4, "Secure Hash Standard", §5.1.1 padding, §6.2 computation), for the
/// provenance of files that a run rests on: `summary.json` names a calibration by its SHA-256,
/// which anyone can recompute with `sha256sum`. Foundation on Linux has no CryptoKit and nrplan
/// takes no package dependencies, hence this small implementation (tested against the FIPS 180-4
/// example vectors and `sha256sum`).
///
/// `hex(_:)` hashes bytes in memory, `hex(contentsOf:)` a file read in 1 MiB pieces; `Hasher`
/// takes the bytes in as many pieces as they come. On a CPU with the x86 SHA extensions the blocks
/// are compressed by them (`CSHA256`, about 5× faster: inputs are hashed on every load), else by
/// the Swift code below; the digests are the same (tested).
public enum SHA256 {
    /// Whether this CPU's SHA extensions compress the blocks.
    public static let usesExtensions = csha256_has_extensions() == 1

    /// The digest of `data` as 64 lower-case hex digits (as `sha256sum` prints it).
    /// - Complexity: O(bytes).
    public static func hex(_ data: Data) -> String {
        var hasher = Hasher()
        hasher.update(data)
        return hasher.finalizeHex()
    }

    /// The digest of `bytes` as 64 lower-case hex digits.
    public static func hex(_ bytes: [UInt8]) -> String {
        var hasher = Hasher()
        hasher.update(bytes)
        return hasher.finalizeHex()
    }

    /// The digest of the file at `url`, read in 1 MiB pieces (the file is never held whole).
    /// - Throws: the error of `FileHandle` when the file cannot be opened or read.
    public static func hex(contentsOf url: URL) throws -> String {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var hasher = Hasher()
        while let piece = try handle.read(upToCount: 1 << 20), !piece.isEmpty { hasher.update(piece) }
        return hasher.finalizeHex()
    }

    /// An incremental SHA-256: `update` with the bytes in order, then `finalize`.
    public struct Hasher: Sendable {
        /// The chaining value H(i) (FIPS 180-4 §5.3.3 for H(0)).
        private var state: [UInt32] = [
            0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19,
        ]
        /// Bytes of the block not yet compressed (fewer than 64).
        private var pending: [UInt8] = []
        private var length: UInt64 = 0
        /// Compress with the CPU's SHA extensions (tests turn it off to compare with the Swift code).
        var usesExtensions = SHA256.usesExtensions

        public init() { pending.reserveCapacity(64) }

        /// Adds bytes to the message.
        public mutating func update(_ data: Data) {
            data.withUnsafeBytes { raw in update(raw.bindMemory(to: UInt8.self)) }
        }

        /// Adds bytes to the message.
        public mutating func update(_ bytes: [UInt8]) {
            bytes.withUnsafeBufferPointer { update($0) }
        }

        mutating func update(_ bytes: UnsafeBufferPointer<UInt8>) {
            length &+= UInt64(bytes.count)
            var index = 0
            if !pending.isEmpty {
                let take = min(64 - pending.count, bytes.count)
                pending.append(contentsOf: bytes[0..<take])
                index = take
                guard pending.count == 64 else { return }
                pending.withUnsafeBufferPointer { compress($0, at: 0) } // one block: the Swift code
                pending.removeAll(keepingCapacity: true)
            }
            let blocks = (bytes.count - index) / 64
            if blocks > 0, usesExtensions, let base = bytes.baseAddress {
                state.withUnsafeMutableBufferPointer { csha256_compress_blocks($0.baseAddress, base + index, blocks) }
                index += 64 * blocks
            }
            while bytes.count - index >= 64 {
                compress(bytes, at: index)
                index += 64
            }
            pending.append(contentsOf: bytes[index...])
        }

        /// The 32-byte digest of the bytes added so far (the hasher itself is not changed).
        public func finalize() -> [UInt8] {
            var copy = self
            let bits = length &* 8
            // §5.1.1: a 1 bit, zeros to 56 mod 64 bytes, the length in bits as 64 bits big-endian.
            var tail: [UInt8] = [0x80]
            while (pending.count + tail.count) % 64 != 56 { tail.append(0) }
            for shift in stride(from: 56, through: 0, by: -8) {
                tail.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift)))
            }
            copy.update(tail)
            return copy.state.flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> UInt32(24 - 8 * $0)) } }
        }

        /// The digest as 64 lower-case hex digits.
        public func finalizeHex() -> String {
            let digits = Array("0123456789abcdef".utf8)
            var text: [UInt8] = []
            text.reserveCapacity(64)
            for byte in finalize() {
                text.append(digits[Int(byte >> 4)])
                text.append(digits[Int(byte & 0x0f)])
            }
            return String(decoding: text, as: UTF8.self)
        }

        /// One 64-byte block (§6.2.2); the message schedule lives on the stack.
        private mutating func compress(_ block: UnsafeBufferPointer<UInt8>, at start: Int) {
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
                for t in 0..<16 {
                    let i = start + 4 * t
                    w[t] =
                        UInt32(block[i]) << 24 | UInt32(block[i + 1]) << 16 | UInt32(block[i + 2]) << 8
                        | UInt32(block[i + 3])
                }
                for t in 16..<64 {
                    let s0 = Self.rotr(w[t - 15], 7) ^ Self.rotr(w[t - 15], 18) ^ (w[t - 15] >> 3)
                    let s1 = Self.rotr(w[t - 2], 17) ^ Self.rotr(w[t - 2], 19) ^ (w[t - 2] >> 10)
                    w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
                }
                var (a, b, c, d) = (state[0], state[1], state[2], state[3])
                var (e, f, g, h) = (state[4], state[5], state[6], state[7])
                for t in 0..<64 {
                    let s1 = Self.rotr(e, 6) ^ Self.rotr(e, 11) ^ Self.rotr(e, 25)
                    let choose = (e & f) ^ (~e & g)
                    let t1 = h &+ s1 &+ choose &+ SHA256.k[t] &+ w[t]
                    let s0 = Self.rotr(a, 2) ^ Self.rotr(a, 13) ^ Self.rotr(a, 22)
                    let majority = (a & b) ^ (a & c) ^ (b & c)
                    (h, g, f, e, d, c, b, a) = (g, f, e, d &+ t1, c, b, a, t1 &+ s0 &+ majority)
                }
                state[0] &+= a
                state[1] &+= b
                state[2] &+= c
                state[3] &+= d
                state[4] &+= e
                state[5] &+= f
                state[6] &+= g
                state[7] &+= h
            }
        }

        @inline(__always)
        private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }
    }

    /// The round constants K (§4.2.2): the first 32 bits of the fractional parts of the cube
    /// roots of the first 64 primes.
    static let k: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]
}
