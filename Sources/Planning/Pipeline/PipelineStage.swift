import Dispatch
import Support

/// The stages of `nrplan solve` and `nrplan audit`, in run order. Each is one word, the same in the
/// progress line (`nrplan: load ... grid ...`), in `summary.json`'s `stage_seconds`, and in the name
/// of the folder of `Sources/Planning` that holds it.
public enum PipelineStage: String, CaseIterable, Sendable {
    /// Read and check the scenario and every file it names (`Load/`, `ScenarioLoader`).
    case load
    /// Project the area, build the demand grid and apply the demand layers (`Grid/`, `StudyArea`).
    case grid
    /// Which cells each candidate and existing site covers (`Coverage/`: `RadioColumns` with the
    /// radio model, `ServiceColumns` with service radii).
    case coverage
    /// Choose the new sites and rank them (`Solve/`, with the Optimizer's `solveCovering` and
    /// `rankByMarginalGain`).
    case solve
    /// Sites added where busy-hour load demands them, and every site's load (`Capacity/`,
    /// `CapacitySiting` with the Optimizer's `solveFacilityLocation`): only with a `capacity` section.
    case capacity
    /// Holes, covered components and per-district coverage of the network (`Continuity/`, `Continuity`).
    case continuity
    /// Best server, RSRP, SINR and overlap on every cell (`Field/`, `RadioField`): radio plans with
    /// the interference analysis on, and audits.
    case field
    /// The output files (the Reporting module: `PlanWriter`, `AuditWriter`).
    case write
}

/// Announces each stage as it starts and records how long it took.
struct StageClock {
    let onStage: (@Sendable (String) -> Void)?
    /// Seconds per finished stage, in run order.
    private(set) var seconds: [(name: String, seconds: Double)] = []

    init(onStage: (@Sendable (String) -> Void)?) {
        self.onStage = onStage
    }

    /// Runs one stage, then hands the pages its freed memory held back to the system
    /// (`HeapMemory.releaseFreePages`: a stage's scratch would otherwise stay resident through the
    /// next one, under its peak).
    mutating func run<T, E: Error>(_ stage: PipelineStage, _ body: () throws(E) -> T) throws(E) -> T {
        onStage?(stage.rawValue)
        let start = DispatchTime.now()
        let result = try body()
        HeapMemory.releaseFreePages()
        seconds.append((stage.rawValue, Self.seconds(since: start)))
        return result
    }

    /// Seconds since `start`.
    static func seconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }
}
