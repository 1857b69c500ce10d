import Support

/// The global bound's subgradient phase with **core pricing** (Caprara, Fischetti & Toth 1999)
/// when the work budget cannot pay for `minimumBoundIterations` full passes (city-scale matrices):
/// most iterations evaluate `L(u)` on a core of columns only (per active row its 5 columns of least
/// reduced cost, plus every column of negative reduced cost), and every `T` iterations all columns
/// are priced. Only the fully priced values are bounds: the core's `L(u)` misses the negative
/// reduced costs of the columns outside it, so it can only overstate the full `L(u)`.
extension MinCostHeuristic {
    /// Pricing interval bounds (iterations between full pricings).
    static let pricingInterval = (first: 10, most: 80)

    /// Iterations phase 1 always gets with Volume steps (city scale, after the warm start), budget
    /// or not, instead of `minimumBoundIterations`: there the budget ends phase 1 long before the
    /// bound levels off, and the time `MinCostLagrangian.compactKnapsackRows` saves the plan side
    /// pays for more of them (docs/solver.md, issue 15). Phases that stop by the < 0.1 %-over-150
    /// rule first are not changed. Not charged, like the minimum.
    static let minimumVolumeIterations = 600

    /// Subgradient phase 1: maximises `L(u)` on the whole residual problem and keeps the best
    /// fully priced value as `lowerBound`. Step rule as in `subgradient` (Beasley 1990); the step
    /// uses the core's `L(u)` and subgradient, as CFT do.
    ///
    /// After each full pricing the core is rebuilt from the reduced costs just computed, and the
    /// interval `T` adapts to `Δ`, the part of the full `L(u)` the old core missed (CFT's rule in
    /// spirit): `Δ ≤ 10⁻⁶ |L|` doubles `T` (up to 80), `Δ > 10⁻³ |L|` halves it (down to 5). The
    /// stopping rule (< 0.1 % gain over 150 iterations, after 300) reads the best priced value.
    /// The best core multipliers are priced once more at the end, so the vector handed on is the
    /// best of both by its valid value.
    ///
    /// Work is charged per nonzero actually visited, so core iterations cost what they cost.
    ///
    /// With `volume` (city scale, after the warm start) the steps follow the Volume algorithm's
    /// averaged direction from the best multipliers (`VolumeDirection`), and the best multipliers
    /// get two coordinate-ascent sweeps at the end (`MinCostLagrangian.ascend`).
    mutating func boundSubgradient(
        _ lag: inout MinCostLagrangian, maxIterations: Int, lambda: Double = 1, volume: Bool = false
    ) -> SubgradientResult {
        var steps = StepSizeControl(lambda: lambda)
        var direction = volume ? VolumeDirection(rowCount: lag.core.rowCount) : nil
        var best = -Double.infinity // best core value since the last core change (step control)
        var bestCoreU = lag.u
        var bestFull = -Double.infinity // best priced value (a bound)
        var bestFullU = lag.u
        var bestFullAt: [Double] = []
        var pricing = Pricing()
        // Only when the budget cannot even pay for the minimum iterations as full passes (city
        // scale): otherwise every iteration is a full pass and each one's value counts.
        let fullPasses = Double(Self.minimumBoundIterations) * iterationCost(lag.core)
        let useCore = options.alwaysPriceCore || fullPasses > workBudget
        let minimumIterations = volume ? Self.minimumVolumeIterations : Self.minimumBoundIterations
        for iteration in 0..<max(1, maxIterations) {
            if iteration % 8 == 0 && outOfBudget() && !(iteration < minimumIterations && !timeUp()) { break }
            let full = !useCore || iteration == pricing.next
            if full && useCore { lag.restrictPricing(to: nil) }
            let (value, norm2) = lag.evaluate()
            iterations += 1
            if work < workBudget {
                work += useCore ? Double(lag.pricedNonzeroCount + lag.core.rowCount + 1000) : iterationCost(lag.core)
            }
            if full {
                if value > bestFull {
                    bestFull = value
                    bestFullU = lag.u
                    if value > lowerBound {
                        lowerBound = value
                        boundMultipliers = lag.u
                    }
                }
                if !useCore {
                    if value > best {
                        best = value
                        bestCoreU = lag.u
                    }
                } else if pricing.reprice(&lag, value: value, iteration: iteration, heuristic: &self) {
                    best = value // the old core's values overstated L: restart the step control from here
                    bestCoreU = lag.u
                    direction?.reset()
                }
            } else if value > best {
                best = value
                bestCoreU = lag.u
            }
            if closes(lowerBound) { break }
            if norm2 == 0 { // x covers every active row exactly once: optimal here (for the core: price)
                if full { break }
                pricing.next = iteration + 1
            }
            steps.record(value: value, best: best)
            bestFullAt.append(bestFull)
            if iteration >= 300 && bestFull - bestFullAt[iteration - 150] < 0.001 * max(abs(bestFull), 1e-9) { break }
            guard norm2 > 0 else { continue }
            if direction != nil {
                let directionNorm2 = direction!.mix(lag.subgradient, scale: lag.core.rowScale)
                lag.step(
                    from: bestCoreU, along: direction!.direction, lambda: steps.lambda, value: best,
                    norm2: directionNorm2, target: incumbentCost)
            } else {
                lag.step(lambda: steps.lambda, value: value, norm2: norm2, target: incumbentCost)
            }
        }
        return finishBound(&lag, best: (bestFull, bestFullU), bestCore: bestCoreU, ascend: volume)
    }

    /// Prices the best core multipliers (a bound too, and maybe the better start for phase 2);
    /// with `ascend`, also both vectors after `ascentSweeps` sweeps of coordinate ascent (not
    /// charged to the budget, like the warm start).
    private mutating func finishBound(
        _ lag: inout MinCostLagrangian, best: (value: Double, u: [Double]), bestCore: [Double], ascend: Bool
    ) -> SubgradientResult {
        var (bestFull, bestFullU) = best
        func keep(_ value: Double, _ u: [Double]) {
            guard value > bestFull else { return }
            bestFull = value
            bestFullU = u
            if value > lowerBound {
                lowerBound = value
                boundMultipliers = u
            }
        }
        if lag.priced != nil {
            lag.restrictPricing(to: nil)
            lag.u = bestCore
            let (value, _) = lag.evaluate()
            work += Double(lag.core.nonzeroCount)
            keep(value, bestCore)
        }
        guard ascend else { return SubgradientResult(bestValue: bestFull, bestU: bestFullU) }
        // Once the best core multipliers were the best priced ones too, both starts are the same vector.
        for start in bestFullU == bestCore ? [bestCore] : [bestFullU, bestCore] {
            lag.u = start
            _ = lag.evaluate()
            _ = lag.ascend(sweeps: Self.ascentSweeps)
            let (value, _) = lag.evaluate() // only a fully priced value is a bound
            keep(value, lag.u)
        }
        return SubgradientResult(bestValue: bestFull, bestU: bestFullU)
    }

    /// Coordinate-ascent sweeps on phase 1's best multipliers at city scale.
    static let ascentSweeps = 2
}

/// The core-pricing schedule of `boundSubgradient`: when to price next and which columns the
/// current core holds.
struct Pricing {
    var interval = MinCostHeuristic.pricingInterval.first
    var next = 0
    var coreMark: [UInt8] = []

    /// After a full evaluation at `value`: adapts the interval to `Δ`, the negative reduced costs
    /// the old core did not see, and restricts `lag` to the new core. Returns whether the old core
    /// missed something (or there was none).
    mutating func reprice(
        _ lag: inout MinCostLagrangian, value: Double, iteration: Int, heuristic: inout MinCostHeuristic
    ) -> Bool {
        // Δ: the negative reduced costs the old core did not see.
        var missed = 0.0
        if !coreMark.isEmpty {
            for j in 0..<lag.core.columnCount where coreMark[j] == 0 && lag.reduced[j] < 0 {
                missed -= lag.reduced[j]
            }
        }
        let scale = max(abs(value), 1e-9)
        if !coreMark.isEmpty && missed <= 1e-6 * scale {
            interval = min(MinCostHeuristic.pricingInterval.most, interval * 2)
        } else if missed > 1e-3 * scale {
            interval = max(5, interval / 2)
        }
        let restart = missed > 1e-6 * scale || coreMark.isEmpty
        next = iteration + interval
        let columns = heuristic.coreColumns(lag)
        coreMark = [UInt8](repeating: 0, count: lag.core.columnCount)
        for j in columns { coreMark[Int(j)] = 1 }
        lag.restrictPricing(to: columns)
        return restart
    }
}
