import Support

/// The three passes of `MinCostLagrangian.evaluate` over the matrix and the rows.
extension MinCostLagrangian {
    /// Fills `reduced` (c̃_j = c_j − Σ_{i ∈ j} u_i; +∞ for columns that are not free) and returns,
    /// per column chunk, the sum of its negative reduced costs.
    mutating func reducedCosts() -> [Double] {
        let core = self.core
        let parallel = self.parallel
        let priced = self.priced ?? []
        let restricted = self.priced != nil
        let chunks = restricted ? pricedChunks : columnChunks
        return u.withUnsafeBufferPointer { uu in
            columnFree.withUnsafeBufferPointer { free in
                reduced.withUnsafeMutableBufferPointer { red in
                    core.columnRows.withUnsafeBufferPointer { rows in
                        core.costs.withUnsafeBufferPointer { costs in
                            core.columnStarts.withUnsafeBufferPointer { starts in
                                priced.withUnsafeBufferPointer { list in
                                    let out = SharedBuffer(pointer: red)
                                    let box = UncheckedBox((uu, free, rows, costs, starts, list))
                                    return parallel.map(chunks, work: core.nonzeroCount) { range -> Double in
                                        let (uu, free, rows, costs, starts, list) = box.value
                                        var sum = 0.0
                                        for index in range {
                                            let j = restricted ? Int(list[index]) : index
                                            if free[j] == 0 {
                                                out[j] = .infinity
                                                continue
                                            }
                                            var r = costs[j]
                                            for k in starts[j]..<starts[j + 1] { r -= uu[Int(rows[k])] }
                                            out[j] = r
                                            if r < 0 { sum += r }
                                        }
                                        return sum
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Fills `coverCount`: per row, the columns of negative reduced cost covering it — a scatter
    /// from those few columns instead of a scan of every row's list.
    mutating func countCovers() {
        let core = self.core
        if coverCount.count != core.rowCount { coverCount = [Int32](repeating: 0, count: core.rowCount) }
        coverCount.withUnsafeMutableBufferPointer { counts in
            for i in 0..<counts.count { counts[i] = 0 }
            reduced.withUnsafeBufferPointer { red in
                core.columnRows.withUnsafeBufferPointer { rows in
                    func count(_ j: Int) {
                        for k in core.columnStarts[j]..<core.columnStarts[j + 1] { counts[Int(rows[k])] &+= 1 }
                    }
                    if let priced {
                        for j32 in priced where red[Int(j32)] < 0 { count(Int(j32)) }
                    } else {
                        for j in 0..<core.columnCount where red[j] < 0 { count(j) }
                    }
                }
            }
        }
    }

    /// Fills `subgradient` (s_i = z_i − covers of i, clipped at 0 where u_i = 0; z_i = 1 for must
    /// rows, the knapsack's choice at `threshold`/`fraction` for the others) and returns, per row
    /// chunk, the sum of the must rows' multipliers and the chunk's part of ‖s‖².
    mutating func subgradientRows(threshold: Double, fraction: Double) -> [(Double, Double)] {
        let core = self.core
        let parallel = self.parallel
        let rowChunks = self.rowChunks
        return u.withUnsafeBufferPointer { uu in
            coverCount.withUnsafeBufferPointer { counts in
                subgradient.withUnsafeMutableBufferPointer { sub in
                    rowActive.withUnsafeBufferPointer { active in
                        core.isMust.withUnsafeBufferPointer { must in
                            core.weights.withUnsafeBufferPointer { w in
                                core.rowScale.withUnsafeBufferPointer { scale in
                                    let out = SharedBuffer(pointer: sub)
                                    let box = UncheckedBox((uu, counts, active, must, w, scale))
                                    return parallel.map(rowChunks, work: core.rowCount * 4) {
                                        range -> (Double, Double) in
                                        let (uu, counts, active, must, w, scale) = box.value
                                        var mustSum = 0.0
                                        var norm = 0.0
                                        for i in range {
                                            guard active[i] == 1 else {
                                                out[i] = 0
                                                continue
                                            }
                                            var z: Double
                                            if must[i] == 1 {
                                                z = 1
                                                mustSum += uu[i]
                                            } else if w[i] <= 0 {
                                                z = 0
                                            } else {
                                                let ratio = uu[i] / w[i]
                                                z = ratio < threshold ? 1 : (ratio == threshold ? fraction : 0)
                                            }
                                            var s = z - Double(counts[i])
                                            if s < 0 && uu[i] <= 0 { s = 0 }
                                            out[i] = s
                                            norm += scale[i] * s * s
                                        }
                                        return (mustSum, norm)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

extension MinCostLagrangian {
    /// What covering each row is worth towards the plan at the multipliers `u`: `u_i` on must rows,
    /// `min(u_i, θ w_i)` on the others, where `θ` is the knapsack's threshold ratio for `u`
    /// (`knapsackThreshold`; rows above it are the uncovered allowance of `K(u)`, and covering one
    /// adds only `w_i` to the target, which the relaxation prices at `θ` per unit weight); 0 on
    /// them when the must rows alone meet the target. `u` itself for set cover.
    ///
    /// - Complexity: O(rows) (one knapsack solve).
    mutating func targetCappedMultipliers() -> [Double] {
        guard !allMust else { return u }
        let threshold = remainingTarget - mustWeightActive() > 0 ? knapsackThreshold() ?? .infinity : 0
        var capped = u
        for i in 0..<core.rowCount where core.isMust[i] == 0 {
            capped[i] = min(u[i], threshold * core.weights[i])
        }
        return capped
    }
}
