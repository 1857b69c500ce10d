/// The step-size factor λ of the subgradient method and its rule (Beasley 1990, as CFT use it):
/// over windows of 20 iterations, λ is halved when the best value did not improve, and grown ×1.5
/// when it improved while the window's values spread by less than 0.1 %. One rule for every
/// subgradient loop (`MinCostHeuristic.subgradient`, `boundSubgradient`).
struct StepSizeControl {
    /// The factor of the step `t = λ (UB − L) / ‖s‖²`.
    private(set) var lambda: Double
    private var window: [Double] = []
    private var windowStartBest = -Double.infinity

    /// A rule starting from `lambda` (1 from scratch; less from warm-started multipliers).
    init(lambda: Double = 1) { self.lambda = lambda }

    /// Records an iteration's value `value` and the loop's best value `best` after it.
    mutating func record(value: Double, best: Double) {
        window.append(value)
        guard window.count == 20 else { return }
        let hi = window.max() ?? value
        let lo = window.min() ?? value
        let spread = (hi - lo) / max(abs(hi), 1e-12)
        if best > windowStartBest + 1e-12 * max(1, abs(best)) {
            if spread < 0.001 { lambda *= 1.5 }
        } else {
            lambda /= 2
        }
        windowStartBest = best
        window.removeAll(keepingCapacity: true)
    }
}
