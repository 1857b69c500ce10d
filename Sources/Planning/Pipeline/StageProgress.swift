import Synchronization

/// How far a long stage has come: `completed` of `total` units (e.g. 1 200 of 5 000 sites).
public struct StageProgress: Sendable, Hashable {
    /// The stage, as announced through `PlanOptions.onStage` (`coverage`).
    public var stage: String
    public var completed: Int
    public var total: Int
    /// What is counted, plural (`sites`).
    public var unit: String

    public init(stage: String, completed: Int, total: Int, unit: String) {
        self.stage = stage
        self.completed = completed
        self.total = total
        self.unit = unit
    }

    /// completed / total in [0, 1] (1 when there is nothing to do).
    public var fraction: Double { total > 0 ? min(1, Double(completed) / Double(total)) : 1 }
}

/// Counts work finished on many threads and forwards it to a progress callback at most once per
/// whole percent (≤ 101 calls per stage), so reporting costs two atomic operations per update.
final class ProgressCounter: Sendable {
    private let done = Atomic<Int>(0)
    private let lastPercent = Atomic<Int>(-1)
    let stage: String
    let total: Int
    let unit: String
    let report: @Sendable (StageProgress) -> Void

    init(stage: String, total: Int, unit: String, report: @escaping @Sendable (StageProgress) -> Void) {
        self.stage = stage
        self.total = total
        self.unit = unit
        self.report = report
        report(StageProgress(stage: stage, completed: 0, total: total, unit: unit))
    }

    /// Adds `count` finished units; reports when a new whole percent is reached.
    func add(_ count: Int) {
        let now = done.wrappingAdd(count, ordering: .relaxed).newValue
        let percent = total > 0 ? min(100, now * 100 / total) : 100
        var last = lastPercent.load(ordering: .relaxed)
        while percent > last {
            let exchange = lastPercent.compareExchange(expected: last, desired: percent, ordering: .relaxed)
            if exchange.exchanged {
                report(StageProgress(stage: stage, completed: min(now, total), total: total, unit: unit))
                return
            }
            last = exchange.original
        }
    }
}
