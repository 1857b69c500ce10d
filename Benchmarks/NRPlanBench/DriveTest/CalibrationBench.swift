import Dispatch
import Foundation
import Geo
import Planning
import Support

/// `nrplan-bench calibration [--seeds N] [--demo DIR]`: the drive-test example for seeds 1…N —
/// each generated (`GenerateDriveTestCommand`) into a temporary folder and calibrated on
/// n78-macro (`CalibrationRun`, the code of `nrplan calibrate`) — with the recovery of the truth:
/// offset error at the fitted reference distance, relative slope error, σ error, cv_rmse − σ,
/// RMSE before → after, and the seconds per calibration. The table of docs/calibration.md.
enum CalibrationBench {
    static var command: BenchCommand {
        BenchCommand(
            name: "calibration", abstract: "drive-test example over seeds: recovery of offset, slope, σ (calibrate)",
            run: run)
    }

    static func run(_ arguments: [String]) throws -> Int32 {
        var seeds = 10
        var demo = "geodata/demo"
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            guard let value = rest.popFirst() else {
                print("USAGE: nrplan-bench calibration [--seeds N] [--demo DIR]")
                return argument == "--help" || argument == "-h" ? 0 : 2
            }
            switch argument {
            case "--seeds": seeds = max(1, Int(value) ?? seeds)
            case "--demo": demo = value
            default:
                FileHandle.standardError.write(Data("error: unexpected argument '\(argument)'\n".utf8))
                return 2
            }
        }
        let demoFolder = URL(fileURLWithPath: demo)
        let sites = try GeoJSONReader.read(contentsOf: demoFolder.appendingPathComponent("existing-sites.geojson"))
            .features
        let roads = try GeoJSONReader.read(contentsOf: demoFolder.appendingPathComponent("roads.geojson")).features
        let drive = GenerateDriveTestCommand.Drive()
        let truth = drive.truth
        print(
            "| seed | offset error (dB) | slope error | σ error (dB) | cv_rmse − σ (dB) | RMSE before → after (dB) | seconds |"
        )
        print("| ---: | ---: | ---: | ---: | ---: | --- | ---: |")
        var rows: [JSONValue] = []
        for seed in 1...seeds {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nrplan-cal-bench-\(UUID())")
            defer { try? FileManager.default.removeItem(at: folder) }
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            _ = try GenerateDriveTestCommand.generate(
                sites: sites, roads: roads, seed: UInt64(seed), drive: drive, folder: folder)
            let settings = CalibrationSettings(
                measurements: .init(path: folder.appendingPathComponent("measurements.csv").path),
                cells: .init(path: folder.appendingPathComponent("cells.csv").path), profileName: "n78-macro")
            let start = DispatchTime.now()
            let r = try CalibrationRun.run(settings)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
            let reference = r.design.referenceDistanceMeters
            let trueOffset = truth.offsetDB + truth.slopeCorrectionDBPerDecade * log10(reference / 1_000)
            let trueSlope = 39.08 + truth.slopeCorrectionDBPerDecade
            let offsetError = r.parameters[0].value - trueOffset
            let slopeError = (r.slopeDBPerDecade - trueSlope) / trueSlope
            let sigmaError = r.sigma.value - truth.sigmaDB
            let cvError = r.crossValidated.rmseDB - truth.sigmaDB
            func f(_ v: Double, _ d: Int = 2) -> String {
                (v.sign == .minus ? "" : "+") + Precision(decimals: d).fixed(v)
            }
            let hundredths = Precision.hundredths
            print(
                "| \(seed) | \(f(offsetError)) | \(f(slopeError * 100, 1)) % | \(f(sigmaError)) | \(f(cvError)) | \(hundredths.fixed(r.before.rmseDB)) → \(hundredths.fixed(r.after.rmseDB)) | \(hundredths.fixed(seconds)) |"
            )
            rows.append(
                .object([
                    ("seed", .number(Double(seed))), ("offset_error_db", .number(offsetError)),
                    ("slope_error_ratio", .number(slopeError)), ("sigma_error_db", .number(sigmaError)),
                    ("cv_rmse_minus_sigma_db", .number(cvError)), ("rmse_before_db", .number(r.before.rmseDB)),
                    ("rmse_after_db", .number(r.after.rmseDB)), ("seconds", .number(seconds)),
                ]))
        }
        print(JSONWriter.string(.object([("calibration", .array(rows))])))
        return 0
    }
}
