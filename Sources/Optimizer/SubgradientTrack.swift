import Support

/// The state of `MinCostHeuristic.subgradient`'s loop between iterations — multipliers, step
/// control, best value, the evaluated multipliers waiting for their batch of greedy covers — and
/// the iterations themselves, which read nothing of the heuristic but its incumbent's cost.
///
/// Written out so that the iterations up to the next batch can run **beside** the current batch's
/// greedy covers and local searches: `MinCostHeuristic.subgradient` runs them on a copy at the
/// incumbent's cost before the batch and keeps them only when the batch left that cost as it was
/// (and the work budget allows the first of them); else it runs them again after the batch. Either
/// way its iterations are those of the plain loop, bit for bit (`SubgradientTrackTests`).
struct SubgradientTrack {
    var lag: MinCostLagrangian
    var steps = StepSizeControl()
    /// Best value so far and its multipliers.
    var best = -Double.infinity
    var bestU: [Double]
    /// The best value after each iteration (the stopping rule looks 150 iterations back).
    private var bestSoFar: [Double] = []
    /// The greedy's columns (`MinCostLagrangian.coreColumns`, chosen again every 10 iterations).
    private(set) var candidates: [Int32] = []
    /// Evaluated multipliers waiting for their batch (the owner takes them).
    var pending: [MinCostLagrangian.Evaluated] = []
    /// The iteration whose evaluation runs next.
    private(set) var next = 0
    /// The last iteration's value and ‖s‖² while its tail (stopping tests, step) has not run.
    private var unstepped: (value: Double, norm2: Double)?
    /// The loop has ended (stopping rule, closed gap, `‖s‖ = 0`, iteration limit or work budget).
    var finished = false
    /// The evaluation at this iteration may run without the owner's budget check (it checked).
    var cleared = -1
    /// Work of the iterations run since the owner last took it, in order: the owner adds it to its
    /// counter in this order, so the sum has the bits of the plain loop's.
    var charges: [Double] = []
    /// Evaluations run since the owner last took `charges`.
    var evaluations = 0

    /// Iterations at which the owner checks its work budget before the evaluation (every 8th, as
    /// every subgradient loop does).
    static func isCheckpoint(_ iteration: Int) -> Bool { iteration % 8 == 0 }

    init(lag: MinCostLagrangian) {
        self.lag = lag
        bestU = lag.u
    }

    /// Whether the track stands before an evaluation the owner must check its budget for.
    var atCheckpoint: Bool { !finished && unstepped == nil && Self.isCheckpoint(next) && cleared != next }

    /// Runs iterations until `batchSize` multipliers wait (stopping after the evaluation that
    /// filled the batch, before that iteration's tail), the loop ends, or the next evaluation is at
    /// a checkpoint not `cleared`.
    /// - Parameters:
    ///   - target: the incumbent's cost, the steps' target value;
    ///   - closes: whether a value (a bound) leaves no room below the incumbent.
    mutating func advance(maxIterations: Int, batchSize: Int, target: Double, closes: (Double) -> Bool) {
        while !finished && pending.count < batchSize {
            if let last = unstepped {
                unstepped = nil
                tail(value: last.value, norm2: last.norm2, target: target, closes: closes)
                continue
            }
            if next >= max(1, maxIterations) {
                finished = true
            } else if atCheckpoint {
                return
            } else {
                evaluate()
            }
        }
    }

    /// The evaluation of iteration `next`: `L(u)`, the best value, the greedy's columns every 10
    /// iterations, the multipliers queued for the batch.
    private mutating func evaluate() {
        let (value, norm2) = lag.evaluate()
        evaluations += 1
        charges.append(MinCostHeuristic.iterationCost(lag.core))
        if value > best {
            best = value
            bestU = lag.u
        }
        if next % 10 == 0 {
            candidates = lag.coreColumns()
            charges.append(Double(lag.core.nonzeroCount))
        }
        pending.append(lag.evaluated)
        unstepped = (value, norm2)
        next += 1
    }

    /// The rest of the iteration before `next`: the stopping tests, then the step towards `target`.
    private mutating func tail(value: Double, norm2: Double, target: Double, closes: (Double) -> Bool) {
        let iteration = next - 1
        if closes(best) || norm2 == 0 { // norm2 = 0: x covers every active row exactly once, L(u) optimal
            finished = true
            return
        }
        steps.record(value: value, best: best)
        bestSoFar.append(best)
        if iteration >= 300 && best - bestSoFar[iteration - 150] < 0.001 * max(abs(best), 1e-9) {
            finished = true
            return
        }
        lag.step(lambda: steps.lambda, value: value, norm2: norm2, target: target)
    }
}
