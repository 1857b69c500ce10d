import Foundation
import Testing

@testable import Support

#if canImport(Glibc)
    import Glibc
#endif

/// What a folder holds, recursively: relative path → kind, content (or link text) and inode, so a
/// comparison tells a replaced file from the same file.
struct TreeSnapshot: Equatable, CustomStringConvertible {
    var entries: [String: String] = [:]

    init(_ path: String) {
        func walk(_ relative: String) {
            let full = relative.isEmpty ? path : path + "/" + relative
            for name in (try? FileManager.default.contentsOfDirectory(atPath: full))?.sorted() ?? [] {
                let child = relative.isEmpty ? name : relative + "/" + name
                var info = stat()
                guard lstat(path + "/" + child, &info) == 0 else { continue }
                switch info.st_mode & S_IFMT {
                case S_IFDIR:
                    entries[child] = "folder"
                    walk(child)
                case S_IFLNK:
                    entries[child] =
                        "link → "
                        + ((try? FileManager.default.destinationOfSymbolicLink(atPath: path + "/" + child)) ?? "?")
                case S_IFREG:
                    let data = FileManager.default.contents(atPath: path + "/" + child) ?? Data()
                    entries[child] = "file #\(info.st_ino): " + String(decoding: data, as: UTF8.self)
                default:
                    entries[child] = "special #\(info.st_ino)"
                }
            }
        }
        walk("")
    }

    var description: String {
        entries.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)" }.joined(separator: "; ")
    }
}

@Suite("All-or-nothing output folders")
struct OutputFolderTests {
    static func sandbox() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("support-output-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A target holding an earlier plan and the user's own things: a replaced file, an earlier
    /// output this run does not write (owned), a note, a subfolder and a symbolic link.
    static func populatedTarget(in sandbox: URL) throws -> URL {
        let target = sandbox.appendingPathComponent("plan")
        try FileManager.default.createDirectory(
            at: target.appendingPathComponent("notes"), withIntermediateDirectories: true)
        try Data("old a".utf8).write(to: target.appendingPathComponent("a.txt"))
        try Data("old stale".utf8).write(to: target.appendingPathComponent("stale.geojson"))
        try Data("mine".utf8).write(to: target.appendingPathComponent("README"))
        try Data("deep".utf8).write(to: target.appendingPathComponent("notes/n.txt"))
        try FileManager.default.createSymbolicLink(
            atPath: target.appendingPathComponent("link").path, withDestinationPath: "README")
        return target
    }

    /// Entries beside the target that are not the target (staging folders left behind).
    static func leftovers(_ sandbox: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: sandbox.path)) ?? []).filter { $0 != "plan" }.sorted()
    }

    @Test("a new target appears with exactly the run's files, folders above it created")
    func newTarget() throws {
        let sandbox = try Self.sandbox()
        defer { try? FileManager.default.removeItem(at: sandbox) }
        let target = sandbox.appendingPathComponent("x/y/plan")
        let folder = try OutputFolder(target: target, faults: .none, registry: OutputRegistry())
        try folder.write("A", as: "a.txt")
        let layer = try folder.create("b.json")
        try layer.write("{}")
        try layer.commit()
        #expect(!FileManager.default.fileExists(atPath: target.path), "nothing appears before publish()")
        try folder.publish()
        #expect(TreeSnapshot(target.path).entries.keys.sorted() == ["a.txt", "b.json"])
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: sandbox.appendingPathComponent("x/y").path) == ["plan"])
    }

    @Test(
        "an existing target: the run's files replaced, the user's entries kept (same files), earlier outputs it owns dropped",
        arguments: [false, true])
    func existingTarget(fileByFile: Bool) throws {
        let sandbox = try Self.sandbox()
        defer { try? FileManager.default.removeItem(at: sandbox) }
        let target = try Self.populatedTarget(in: sandbox)
        let before = TreeSnapshot(target.path)
        let folder = try OutputFolder(
            target: target, owns: ["a.txt", "stale.geojson", "c.txt"],
            faults: OutputFaults(forceFileByFile: fileByFile),
            registry: OutputRegistry())
        try folder.write("new a", as: "a.txt")
        try folder.write("new c", as: "c.txt")
        try folder.publish()
        let after = TreeSnapshot(target.path)
        #expect(after.entries.keys.sorted() == ["README", "a.txt", "c.txt", "link", "notes", "notes/n.txt"])
        for kept in ["README", "link", "notes", "notes/n.txt"] { #expect(after.entries[kept] == before.entries[kept]) }
        #expect(after.entries["a.txt"]?.hasSuffix(": new a") == true)
        #expect(after.entries["c.txt"]?.hasSuffix(": new c") == true)
        #expect(Self.leftovers(sandbox).isEmpty, "left beside the target: \(Self.leftovers(sandbox))")
    }

    @Test(
        "a failure after the first file, or while publishing: the target is exactly as before and no staging folder is left",
        arguments: [
            OutputFaults(failAfterFiles: 1), OutputFaults(failDuringPublish: true),
            OutputFaults(failDuringPublish: true, forceFileByFile: true),
        ])
    func failureLeavesTarget(faults: OutputFaults) throws {
        let sandbox = try Self.sandbox()
        defer { try? FileManager.default.removeItem(at: sandbox) }
        let target = try Self.populatedTarget(in: sandbox)
        let before = TreeSnapshot(target.path)
        let registry = OutputRegistry()
        #expect(throws: OutputError.self) {
            let folder = try OutputFolder(
                target: target, owns: ["a.txt", "stale.geojson"], faults: faults, registry: registry)
            try folder.write("new a", as: "a.txt")
            try folder.write("new c", as: "c.txt")
            try folder.publish()
        }
        #expect(TreeSnapshot(target.path) == before)
        #expect(Self.leftovers(sandbox).isEmpty, "left beside the target: \(Self.leftovers(sandbox))")
        #expect(registry.inFlight.isEmpty)
    }

    @Test("a failure when the target did not exist: no target, and the folders made for it are gone")
    func failureNewTarget() throws {
        let sandbox = try Self.sandbox()
        defer { try? FileManager.default.removeItem(at: sandbox) }
        for faults in [OutputFaults(failAfterFiles: 1), OutputFaults(failDuringPublish: true)] {
            #expect(throws: OutputError.self) {
                let folder = try OutputFolder(
                    target: sandbox.appendingPathComponent("x/y/plan"), faults: faults, registry: OutputRegistry())
                try folder.write("a", as: "a.txt")
                try folder.write("b", as: "b.txt")
                try folder.publish()
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: sandbox.path).isEmpty)
        }
    }

    @Test("an interrupt removes the staging folder and every file in flight, and refuses anything new")
    func interrupt() throws {
        let sandbox = try Self.sandbox()
        defer { try? FileManager.default.removeItem(at: sandbox) }
        let target = try Self.populatedTarget(in: sandbox)
        let before = TreeSnapshot(target.path)
        let registry = OutputRegistry()
        let folder = try OutputFolder(target: target, faults: .none, registry: registry)
        try folder.write("new a", as: "a.txt")
        let open = try folder.create("b.txt")
        try open.write("half")
        #expect(registry.inFlight.count == 2) // the staging folder and b.txt's temporary file
        let abandoned = registry.abandonRun()
        #expect(abandoned.removed == 2 && abandoned.published.isEmpty)
        #expect(Self.leftovers(sandbox).isEmpty)
        #expect(throws: OutputError.interrupted(target.appendingPathComponent("b.txt").path)) { try open.commit() }
        #expect(throws: OutputError.self) { try folder.publish() }
        #expect(throws: OutputError.self) { try OutputFolder(target: target, faults: .none, registry: registry) }
        #expect(TreeSnapshot(target.path) == before)
        #expect(Self.leftovers(sandbox).isEmpty)
    }

    @Test("an interrupt after publication keeps the outputs and says so")
    func interruptAfterPublish() throws {
        let sandbox = try Self.sandbox()
        defer { try? FileManager.default.removeItem(at: sandbox) }
        let registry = OutputRegistry()
        let target = sandbox.appendingPathComponent("plan")
        let folder = try OutputFolder(target: target, faults: .none, registry: registry)
        try folder.write("a", as: "a.txt")
        try folder.publish()
        #expect(registry.abandonRun() == .init(removed: 0, published: [target.path]))
        #expect(TreeSnapshot(target.path).entries.keys.sorted() == ["a.txt"])
    }

    @Test("an unfinished file is refused at publication, and an interrupted single file leaves nothing")
    func unfinished() throws {
        let sandbox = try Self.sandbox()
        defer { try? FileManager.default.removeItem(at: sandbox) }
        let folder = try OutputFolder(
            target: sandbox.appendingPathComponent("plan"), faults: .none, registry: OutputRegistry())
        _ = try folder.create("never.txt")
        #expect(throws: OutputError.self) { try folder.publish() }
        #expect(try FileManager.default.contentsOfDirectory(atPath: sandbox.path).isEmpty)

        let registry = OutputRegistry()
        let file = try OutputFile(url: sandbox.appendingPathComponent("one.txt"), registry: registry)
        try file.write("x")
        #expect(registry.inFlight.count == 1)
        file.discard()
        #expect(try FileManager.default.contentsOfDirectory(atPath: sandbox.path).isEmpty)
        #expect(registry.inFlight.isEmpty)
    }

    @Test("a target holding what cannot be hard-linked (a FIFO) is published file by file; the FIFO stays")
    func specialFile() throws {
        let sandbox = try Self.sandbox()
        defer { try? FileManager.default.removeItem(at: sandbox) }
        let target = try Self.populatedTarget(in: sandbox)
        #expect(mkfifo(target.appendingPathComponent("pipe").path, 0o600) == 0)
        var before = stat()
        #expect(stat(target.path, &before) == 0)
        let folder = try OutputFolder(target: target, faults: .none, registry: OutputRegistry())
        try folder.write("new a", as: "a.txt")
        try folder.publish()
        var after = stat()
        #expect(stat(target.path, &after) == 0)
        #expect(after.st_ino == before.st_ino, "the folder was swapped although it holds a FIFO")
        let entries = TreeSnapshot(target.path).entries
        #expect(entries["a.txt"]?.hasSuffix(": new a") == true && entries["pipe"] != nil)
        #expect(Self.leftovers(sandbox).isEmpty)
    }

    @Test("an output whose name is a folder in the target is refused before anything changes")
    func folderInTheWay() throws {
        let sandbox = try Self.sandbox()
        defer { try? FileManager.default.removeItem(at: sandbox) }
        let target = try Self.populatedTarget(in: sandbox)
        let before = TreeSnapshot(target.path)
        let folder = try OutputFolder(target: target, faults: .none, registry: OutputRegistry())
        try folder.write("x", as: "notes")
        #expect(
            throws: OutputError(
                path: target.appendingPathComponent("notes").path, message: "is a folder; cannot replace it with a file"
            )
        ) {
            try folder.publish()
        }
        #expect(TreeSnapshot(target.path) == before)
        #expect(Self.leftovers(sandbox).isEmpty)
    }

    @Test("the test hook's words")
    func faultWords() {
        #expect(OutputFaults("after-files=1") == OutputFaults(failAfterFiles: 1))
        #expect(OutputFaults("publish, file-by-file") == OutputFaults(failDuringPublish: true, forceFileByFile: true))
        #expect(OutputFaults("") == .none)
    }
}
