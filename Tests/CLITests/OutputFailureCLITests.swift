import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A folder's entries, recursively: relative path → content and inode (so "unchanged" means the
/// same files, not copies).
func folderSnapshot(_ path: String) -> [String: String] {
    var entries: [String: String] = [:]
    let enumerator = FileManager.default.enumerator(atPath: path)
    while let relative = enumerator?.nextObject() as? String {
        var info = stat()
        guard lstat(path + "/" + relative, &info) == 0 else { continue }
        let content =
            info.st_mode & S_IFMT == S_IFREG
            ? String(decoding: FileManager.default.contents(atPath: path + "/" + relative) ?? Data(), as: UTF8.self)
            : "(folder)"
        entries[relative] = "#\(info.st_ino) \(content.count) bytes \(content.hashValue)"
    }
    return entries
}

/// A tmpfs mounted for a test (root, or CAP_SYS_ADMIN, only).
struct TemporaryMount {
    let url: URL

    /// Whether this process can mount a tmpfs (probed once by mounting and unmounting one).
    static let available: Bool = {
        guard let probe = try? CLI.temporaryFolder("tmpfs-probe") else { return false }
        defer { try? FileManager.default.removeItem(at: probe) }
        guard run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", probe.path]) else { return false }
        return run(["umount", probe.path])
    }()

    static func run(_ arguments: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    init(size: String, at url: URL) throws {
        self.url = url
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        guard Self.run(["mount", "-t", "tmpfs", "-o", "size=\(size)", "tmpfs", url.path]) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSLocalizedDescriptionKey: "mount failed"])
        }
    }

    func remount(_ options: String) -> Bool { Self.run(["mount", "-o", "remount,\(options)", url.path]) }

    func unmount() { _ = Self.run(["umount", "-l", url.path]) }

    /// Fills the file system with `fill` until about `leaving` bytes are free.
    func fill(leaving bytes: Int) throws {
        var info = statvfs()
        guard statvfs(url.path, &info) == 0 else { return }
        let free = Int(info.f_bavail) * Int(info.f_frsize)
        guard free > bytes else { return }
        try Data(repeating: 0x20, count: free - bytes).write(to: url.appendingPathComponent("fill"))
    }
}

/// Issue 12: a run's outputs appear all at once or not at all. A failure to write them exits 74
/// (EX_IOERR) and leaves the output folder exactly as it was, with no staging folder behind.
@Suite("Output failures (end to end)", .serialized)
struct OutputFailureCLITests {
    /// A scenario folder and an output folder that already holds an earlier plan and a note.
    static func setUp(_ label: String) throws -> (folder: URL, scenario: URL, out: URL) {
        let folder = try CLI.temporaryFolder(label)
        let scenario = try CLI.smallScenario(in: folder.appendingPathComponent("in").creatingFolder())
        let out = folder.appendingPathComponent("out")
        let first = try CLI.run(["solve", scenario.path, "--out", out.path, "--quiet", "--threads", "2"])
        #expect(first.status == 0, "\(first.stderr)")
        try CLI.write("keep me", "notes.txt", in: out)
        return (folder, scenario, out)
    }

    static func solve(_ scenario: URL, _ out: URL, fault: String? = nil) throws -> CLI.Run {
        try CLI.run(
            ["solve", scenario.path, "--out", out.path, "--force", "--quiet", "--threads", "2", "--effort", "0.5"],
            environment: fault.map { ["NRPLAN_TEST_OUTPUT_FAULT": $0] })
    }

    /// What is beside `out` other than `out` itself (a staging folder left behind would show here).
    static func beside(_ out: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: out.deletingLastPathComponent().path)
            .filter { $0 != out.lastPathComponent }.sorted()
    }

    @Test(
        "a failure after the first file or while publishing: exit 74, the earlier plan untouched, nothing left beside it",
        arguments: ["after-files=1", "publish", "publish,file-by-file"])
    func injected(fault: String) throws {
        let (folder, scenario, out) = try Self.setUp("out-fault")
        defer { try? FileManager.default.removeItem(at: folder) }
        let before = folderSnapshot(out.path)
        #expect(before.keys.contains("sites.geojson") && before.keys.contains("notes.txt"))
        let run = try Self.solve(scenario, out, fault: fault)
        #expect(run.status == 74, "\(run.stderr)")
        #expect(run.stderr.contains("injected by NRPLAN_TEST_OUTPUT_FAULT"), "\(run.stderr)")
        #expect(folderSnapshot(out.path) == before, "the output folder changed")
        #expect(try Self.beside(out) == ["in"])

        // The same run without the fault replaces the plan and keeps the note (the same file).
        let ok = try Self.solve(scenario, out)
        #expect(ok.status == 0, "\(ok.stderr)")
        let after = folderSnapshot(out.path)
        #expect(after["notes.txt"] == before["notes.txt"])
        #expect(Set(after.keys) == Set(before.keys))
        #expect(after["sites.csv"] != before["sites.csv"], "sites.csv was not replaced by a new file")
        #expect(try Self.beside(out) == ["in"])
    }

    @Test("a failure when the output folder did not exist: it is not created")
    func injectedNewFolder() throws {
        let folder = try CLI.temporaryFolder("out-fault-new")
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try CLI.smallScenario(in: folder)
        let out = folder.appendingPathComponent("a/b/out")
        let run = try Self.solve(scenario, out, fault: "after-files=1")
        #expect(run.status == 74, "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("a").path))
    }

    @Test(
        "a full disk (64 KiB tmpfs): exit 74 naming the file, the folder unchanged, no staging folder left",
        .enabled(if: TemporaryMount.available, "cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN)"))
    func diskFull() throws {
        let folder = try CLI.temporaryFolder("out-full")
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try CLI.smallScenario(in: folder.appendingPathComponent("in").creatingFolder())
        let mount = try TemporaryMount(size: "64k", at: folder.appendingPathComponent("disk"))
        defer { mount.unmount() }
        let out = mount.url.appendingPathComponent("plan")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try CLI.write("an earlier summary", "summary.json", in: out)
        try CLI.write("keep me", "notes.txt", in: out)
        try mount.fill(leaving: 8192)
        let before = folderSnapshot(mount.url.path)

        let run = try Self.solve(scenario, out)
        #expect(run.status == 74, "\(run.stderr)")
        #expect(run.stderr.contains("No space left on device"), "\(run.stderr)")
        #expect(folderSnapshot(mount.url.path) == before, "the file system's contents changed")
        #expect(try FileManager.default.contentsOfDirectory(atPath: mount.url.path).sorted() == ["fill", "plan"])
    }

    @Test(
        "the output folder is a mount point: staged inside it, published file by file; full → 74 and unchanged",
        .enabled(if: TemporaryMount.available, "cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN)"))
    func mountPoint() throws {
        let folder = try CLI.temporaryFolder("out-mount")
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try CLI.smallScenario(in: folder)
        let mount = try TemporaryMount(size: "64k", at: folder.appendingPathComponent("out"))
        defer { mount.unmount() }
        try CLI.write("keep me", "notes.txt", in: mount.url)
        try mount.fill(leaving: 8192)
        let before = folderSnapshot(mount.url.path)
        let full = try Self.solve(scenario, mount.url)
        #expect(full.status == 74, "\(full.stderr)")
        #expect(folderSnapshot(mount.url.path) == before)

        #expect(mount.remount("size=16m"))
        let ok = try Self.solve(scenario, mount.url)
        #expect(ok.status == 0, "\(ok.stderr)")
        let after = folderSnapshot(mount.url.path)
        #expect(after["notes.txt"] == before["notes.txt"] && after["fill"] == before["fill"])
        #expect(after.keys.contains("sites.geojson") && after.keys.contains("summary.json"))
        #expect(!after.keys.contains { $0.contains("staging") }, "\(after.keys.sorted())")

        #expect(mount.remount("ro"))
        let readOnly = try Self.solve(scenario, mount.url)
        #expect(readOnly.status == 74, "\(readOnly.stderr)")
        #expect(readOnly.stderr.contains("Read-only file system"), "\(readOnly.stderr)")
        #expect(folderSnapshot(mount.url.path) == after)
    }
}

extension URL {
    /// Creates this folder (and its parents) and returns it.
    func creatingFolder() throws -> URL {
        try FileManager.default.createDirectory(at: self, withIntermediateDirectories: true)
        return self
    }
}
