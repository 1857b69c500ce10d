import Foundation
import Testing

@testable import Support

@Suite("SHA-256 (FIPS 180-4)")
struct SHA256Tests {
    /// The FIPS 180-4 example messages (NIST CSRC "Examples with Intermediate Values", SHA-256)
    /// and the long-message vector of FIPS 180-2 Appendix B.3; the digests are published ones.
    @Test(
        "published digests",
        arguments: [
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            (
                "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
            ),
            (
                "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
                "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
            ),
            // Widely published (Wikipedia, RFC 6234 test tools): 55 and 56 bytes straddle the
            // one-block / two-block padding boundary.
            (
                "The quick brown fox jumps over the lazy dog",
                "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592"
            ),
            (String(repeating: "a", count: 55), "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
            (String(repeating: "a", count: 56), "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
        ])
    func published(message: String, digest: String) {
        #expect(SHA256.hex(Data(message.utf8)) == digest)
    }

    @Test("one million 'a' (FIPS 180-2 B.3), in one piece and in uneven pieces")
    func millionA() {
        let expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        let data = Data(repeating: 0x61, count: 1_000_000)
        #expect(SHA256.hex(data) == expected)
        var hasher = SHA256.Hasher()
        var offset = 0
        var piece = 1
        while offset < data.count {
            let end = min(data.count, offset + piece)
            hasher.update(data[offset..<end])
            offset = end
            piece = piece * 3 % 1_031 + 1 // 1, 4, 13, 40, …: every alignment against the 64-byte blocks
        }
        #expect(hasher.finalizeHex() == expected)
    }

    @Test("messages around the padding boundaries (55, 56, 63, 64, 65 bytes …): pieces agree with one shot")
    func boundaries() {
        var state: UInt64 = 19
        for length in [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1_000] {
            var bytes: [UInt8] = []
            for _ in 0..<length {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                bytes.append(UInt8(truncatingIfNeeded: state >> 56))
            }
            let whole = SHA256.hex(Data(bytes))
            for split in Set([0, length / 3, length / 2, max(0, length - 1), length]) {
                var hasher = SHA256.Hasher()
                hasher.update(Array(bytes[..<split]))
                hasher.update(Array(bytes[split...]))
                #expect(hasher.finalizeHex() == whole, "length \(length), split at \(split)")
            }
            // finalize leaves the hasher as it was: more bytes may follow.
            var hasher = SHA256.Hasher()
            hasher.update(bytes)
            _ = hasher.finalize()
            hasher.update([0x61])
            #expect(hasher.finalizeHex() == SHA256.hex(Data(bytes + [0x61])))
        }
    }

    @Test("a file of several 1 MiB pieces: hex(contentsOf:) prints what sha256sum prints")
    func fileMatchesSha256sum() throws {
        let tool = URL(fileURLWithPath: "/usr/bin/sha256sum")
        guard FileManager.default.isExecutableFile(atPath: tool.path) else {
            Issue.record("sha256sum (coreutils) is not installed: cannot compare with an independent tool")
            return
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("nrplan-sha256-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: url) }
        var bytes = [UInt8](repeating: 0, count: 2 * (1 << 20) + 12_345)
        var state: UInt64 = 7
        for i in bytes.indices {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            bytes[i] = UInt8(truncatingIfNeeded: state >> 56)
        }
        try Data(bytes).write(to: url)

        let process = Process()
        process.executableURL = tool
        process.arguments = [url.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let reference = String(decoding: output.prefix(64), as: UTF8.self)

        #expect(reference.count == 64)
        #expect(try SHA256.hex(contentsOf: url) == reference)
        #expect(SHA256.hex(Data(bytes)) == reference)
    }

    @Test("equal to coreutils sha256sum on the repository's real files (the inputs summary.json names)")
    func repositoryFilesMatchSha256sum() throws {
        let tool = URL(fileURLWithPath: "/usr/bin/sha256sum")
        guard FileManager.default.isExecutableFile(atPath: tool.path) else {
            Issue.record("sha256sum (coreutils) is not installed: cannot compare with an independent tool")
            return
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let files = ["geodata/demo/lamp-poles.geojson", "geodata/demo/area.geojson", "README.md", "Package.swift"]
            .map { root.appendingPathComponent($0) }
        let process = Process()
        process.executableURL = tool
        process.arguments = files.map(\.path)
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let expected = output.split(separator: "\n").map { String($0.prefix(64)) }
        #expect(expected.count == files.count)
        for (file, digest) in zip(files, expected) {
            #expect(try SHA256.hex(contentsOf: file) == digest, "\(file.lastPathComponent)")
        }
    }

    @Test("a missing file throws")
    func missingFile() {
        let url = URL(fileURLWithPath: "/nonexistent/nrplan-\(UUID().uuidString)")
        #expect(throws: (any Error).self) { try SHA256.hex(contentsOf: url) }
    }

    @Test("the CPU's SHA extensions (when present) give the Swift code's digests on random messages")
    func extensionsAgreeWithSwift() {
        var state: UInt64 = 77
        for length in [0, 63, 64, 65, 127, 128, 129, 1_000, 4_096, 100_003] {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(length)
            for _ in 0..<length {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                bytes.append(UInt8(truncatingIfNeeded: state >> 56))
            }
            var swift = SHA256.Hasher()
            swift.usesExtensions = false
            swift.update(bytes)
            var fast = SHA256.Hasher()
            fast.update(Array(bytes.prefix(length / 3)))
            fast.update(Array(bytes.dropFirst(length / 3)))
            #expect(fast.finalizeHex() == swift.finalizeHex(), "length \(length)")
        }
        if !SHA256.usesExtensions {
            print("SHA256: this CPU has no SHA extensions; the Swift code was compared with itself")
        }
    }
}
