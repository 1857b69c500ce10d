import Foundation
import Testing

@testable import Support

/// SHA-256 against the published test vectors (FIPS 180-4 examples, NIST CSRC "SHA256.pdf" and the
/// NESSIE set) and against coreutils' `sha256sum` on real files.
@Suite("SHA-256")
struct SHA256Tests {
    @Test(
        "FIPS 180-4 / NIST example vectors",
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
            (
                "The quick brown fox jumps over the lazy dog",
                "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592"
            ),
        ])
    func vectors(message: String, digest: String) {
        #expect(SHA256.hex(of: message) == digest)
    }

    @Test("one million 'a' (NIST), fed in uneven pieces: every block boundary and padding case")
    func millionA() {
        let million = Data(repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(SHA256.hex(of: million) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        var hash = SHA256()
        var offset = 0
        var piece = 1
        while offset < million.count {
            let end = min(million.count, offset + piece)
            hash.update(million[offset..<end])
            offset = end
            piece = piece % 131 + 7
        }
        #expect(hash.finalizeHex() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("messages of 0…130 bytes: the same digest whole and byte by byte (padding at 55, 56, 63, 64 bytes)")
    func paddingLengths() {
        for length in 0...130 {
            let data = Data((0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) })
            var bytewise = SHA256()
            for byte in data { bytewise.update(Data([byte])) }
            #expect(bytewise.finalizeHex() == SHA256.hex(of: data), "length \(length)")
        }
        // 55 and 56 bytes straddle the one-block / two-block padding boundary (published values).
        #expect(
            SHA256.hex(of: String(repeating: "a", count: 55))
                == "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318")
        #expect(
            SHA256.hex(of: String(repeating: "a", count: 56))
                == "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a")
    }

    @Test("equal to coreutils sha256sum on the repository's files (skipped where sha256sum is absent)")
    func matchesSha256sum() throws {
        let tool = ["/usr/bin/sha256sum", "/bin/sha256sum"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let tool else { return }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let files = ["geodata/demo/lamp-poles.geojson", "geodata/demo/area.geojson", "README.md", "Package.swift"]
            .map { root.appendingPathComponent($0) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = files.map(\.path)
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let expected = output.split(separator: "\n").map { String($0.prefix(64)) }
        #expect(expected.count == files.count)
        for (file, digest) in zip(files, expected) {
            #expect(SHA256.hex(of: try Data(contentsOf: file)) == digest, "\(file.lastPathComponent)")
        }
    }
}
