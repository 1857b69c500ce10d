import Support

/// The averaged direction of the Volume algorithm (Barahona & Anbil 2000, "The volume algorithm:
/// producing primal solutions with a subgradient method", Math. Programming 87): instead of the
/// last subgradient `s`, steps follow `s̄ ← α s + (1 − α) s̄` from the best multipliers so far
/// (the "center"), which damps the zig-zag of plain subgradient steps when one step size serves
/// hundreds of thousands of rows. `α` minimises `‖α s + (1 − α) s̄‖` within
/// `[αmax / 10, αmax]`, as Barahona & Anbil choose it.
struct VolumeDirection {
    var direction: [Double]
    /// Upper limit of `α` (Barahona & Anbil's default; 0.04 and 0.25 measured lower on the city).
    var alphaMax = 0.1
    private var started = false

    init(rowCount: Int) { direction = [Double](repeating: 0, count: rowCount) }

    /// Mixes `s` in; returns `‖s̄‖²_ρ` (ρ = `scale`, as `MinCostLagrangian.step` weighs rows).
    mutating func mix(_ s: [Double], scale: [Double]) -> Double {
        guard started else {
            started = true
            direction = s
            var norm = 0.0
            for i in 0..<s.count { norm += scale[i] * s[i] * s[i] }
            return norm
        }
        var (dd, ds, ss) = (0.0, 0.0, 0.0)
        for i in 0..<s.count {
            let (d, x, w) = (direction[i], s[i], scale[i])
            dd += w * d * d
            ds += w * d * x
            ss += w * x * x
        }
        // ‖α s + (1 − α) d‖² = α² ‖s − d‖² + 2α d·(s − d) + ‖d‖², least at α = d·(d − s) / ‖s − d‖².
        let diff = ss - 2 * ds + dd
        var alpha = diff > 0 ? (dd - ds) / diff : alphaMax
        alpha = min(alphaMax, max(alphaMax / 10, alpha))
        var norm = 0.0
        for i in 0..<s.count {
            let v = alpha * s[i] + (1 - alpha) * direction[i]
            direction[i] = v
            norm += scale[i] * v * v
        }
        return norm
    }

    /// Forgets the direction (after the core changed, its subgradients no longer apply).
    mutating func reset() { started = false }
}

extension MinCostLagrangian {
    /// `u ← max(0, center + t ρ d)`, `t = λ (target − value) / ‖d‖²_ρ` (the Volume algorithm's
    /// step from its center; `value` is the center's).
    mutating func step(
        from center: [Double], along d: [Double], lambda: Double, value: Double, norm2: Double, target: Double
    ) {
        guard norm2 > 0 else { return }
        let t = lambda * max(target - value, 1e-9 * max(1, abs(target))) / norm2
        let scale = core.rowScale
        for i in 0..<u.count {
            let next = center[i] + t * scale[i] * d[i]
            u[i] = next > 0 ? next : 0
        }
    }
}
