// libFuzzer harness: the scenario loader, with the fuzz input as the scenario file and small
// real layer files next to it (Fuzz/files, or $NRPLAN_FUZZ_FILES): every member, file reference,
// layer entry, radio override and objective path is reachable.
// Property checked besides "no crash": a scenario is returned exactly when no error was recorded.
import Foundation
import Geo
import Planning

let fuzzFilesFolder: String = ProcessInfo.processInfo.environment["NRPLAN_FUZZ_FILES"] ?? "Fuzz/files"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScenario(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    let name = fuzzFilesFolder + "/scenario.json"
    let loaded = ScenarioLoader.load(URL(fileURLWithPath: name), displayName: name, contents: data)
    let (scenario, diagnostics) = (loaded.scenario, loaded.diagnostics)
    if (scenario != nil) == diagnostics.hasErrors {
        fatalError("scenario \(scenario == nil ? "missing" : "returned") with \(diagnostics.errors.count) error(s)")
    }
    return 0
}
