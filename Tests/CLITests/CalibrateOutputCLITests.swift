import Foundation
import Testing

/// `nrplan calibrate` publishes its four outputs all at once (`OutputFolder`, as `solve` does): a
/// failed calibrate — bad input (exit 2) or outputs that cannot be written (exit 74) — leaves the
/// output folder exactly as it was, with no staging folder beside it.
@Suite("nrplan calibrate: all-or-nothing outputs (end to end)", .serialized)
struct CalibrateOutputCLITests {
    /// A small drive test in `folder` and an output folder `out` that holds an earlier calibration
    /// and a note of the user's.
    static func setUp(_ label: String) throws -> (folder: URL, out: URL) {
        let folder = try CLI.temporaryFolder(label)
        try CLI.write(SmallDriveTest.cellsCSV, "cells.csv", in: folder)
        try CLI.write(SmallDriveTest.measurements(offsetDB: 7.5, noise: 0.02), "m.csv", in: folder)
        let first = try calibrate(folder)
        #expect(first.status == 0, "\(first.stderr)")
        let out = folder.appendingPathComponent("out")
        try CLI.write("keep me", "notes.txt", in: out)
        return (folder, out)
    }

    static func calibrate(_ folder: URL, measurements: String = "m.csv", out: String = "out", fault: String? = nil)
        throws -> CLI.Run
    {
        try CLI.run(
            [
                "calibrate", "--measurements", measurements, "--cells", "cells.csv", "--profile", "n78-macro",
                "--fit", "offset", "--folds", "3", "--out", out, "--force", "--quiet",
            ], in: folder, environment: fault.map { ["NRPLAN_TEST_OUTPUT_FAULT": $0] })
    }

    /// The entries of `folder` (a staging folder left behind would show here).
    static func entries(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    @Test(
        "a failure after the first file or while publishing: exit 74, the earlier calibration untouched",
        arguments: ["after-files=1", "after-files=3", "publish", "publish,file-by-file"])
    func injected(fault: String) throws {
        let (folder, out) = try Self.setUp("cal-out-fault")
        defer { try? FileManager.default.removeItem(at: folder) }
        let before = folderSnapshot(out.path)
        #expect(
            Set(before.keys) == ["calibration.json", "residuals.geojson", "report.md", "calibration.svg", "notes.txt"])
        try CLI.write(SmallDriveTest.measurements(offsetDB: 3, noise: 0.02), "m.csv", in: folder)

        let run = try Self.calibrate(folder, fault: fault)
        #expect(run.status == 74, "\(run.stderr)")
        #expect(run.stderr.contains("injected by NRPLAN_TEST_OUTPUT_FAULT"), "\(run.stderr)")
        #expect(folderSnapshot(out.path) == before, "the output folder changed")
        #expect(try Self.entries(folder) == ["cells.csv", "m.csv", "out"])

        // Without the fault the new calibration replaces the old one; the note stays (the same file).
        let ok = try Self.calibrate(folder)
        #expect(ok.status == 0, "\(ok.stderr)")
        let after = folderSnapshot(out.path)
        #expect(Set(after.keys) == Set(before.keys))
        #expect(after["notes.txt"] == before["notes.txt"])
        #expect(after["calibration.json"] != before["calibration.json"], "calibration.json was not replaced")
        let json = try #require(
            JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("calibration.json")))
                as? [String: Any])
        let overrides = try #require(json["overrides"] as? [String: [String: Double]])
        #expect(overrides["n78-macro"]?["pathloss_offset_db"] == 3)
        #expect(try Self.entries(folder) == ["cells.csv", "m.csv", "out"])
    }

    @Test("bad input (nothing usable): exit 2, the earlier calibration untouched")
    func badInput() throws {
        let (folder, out) = try Self.setUp("cal-out-bad")
        defer { try? FileManager.default.removeItem(at: folder) }
        let before = folderSnapshot(out.path)
        try CLI.write("lon,lat,rsrp_dbm,cell_id\n113.3,23.12,-80,NO-SUCH-CELL\n", "bad.csv", in: folder)
        let run = try Self.calibrate(folder, measurements: "bad.csv")
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains("bad.csv"), "\(run.stderr)")
        #expect(folderSnapshot(out.path) == before, "the output folder changed")
        #expect(try Self.entries(folder) == ["bad.csv", "cells.csv", "m.csv", "out"])
    }

    @Test("a failure when the output folder did not exist: it is not created (nor the folders above it)")
    func newFolder() throws {
        let folder = try CLI.temporaryFolder("cal-out-new")
        defer { try? FileManager.default.removeItem(at: folder) }
        try CLI.write(SmallDriveTest.cellsCSV, "cells.csv", in: folder)
        try CLI.write(SmallDriveTest.measurements(offsetDB: 7.5, noise: 0.02), "m.csv", in: folder)
        let run = try Self.calibrate(folder, out: "a/b/out", fault: "after-files=2")
        #expect(run.status == 74, "\(run.stderr)")
        #expect(try Self.entries(folder) == ["cells.csv", "m.csv"])
    }
}
