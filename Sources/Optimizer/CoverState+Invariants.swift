/// A `CoverState` figure that differs from its recomputation from scratch.
struct CoverStateViolation: Error, Equatable, CustomStringConvertible {
    let message: String
    var description: String { message }
}

extension CoverState {
    /// Recomputes every incremental figure from `chosen` and the fixed columns and compares:
    /// per-row cover counts and XOR ids, covered weight, must rows and rows, cost, the chosen set's
    /// bookkeeping (`isChosen`, `position`), each chosen column's critical weight and must rows, and
    /// with packing the block counts and XORs and that no two columns on conflict.
    ///
    /// The solver's consistency check (after OR-Tools' `CheckConsistency`): asserted in debug builds
    /// (`assertInvariants`) and run after every solver phase by the tests (`PhaseChecks`), which are
    /// built optimised, where `assert` is compiled out.
    /// - Throws: the first violation found.
    /// - Complexity: O(entries of the chosen and fixed columns + rows + columns + conflicts).
    func checkInvariants() throws(CoverStateViolation) {
        try checkSelection()
        try checkRows()
        try checkCritical()
        try checkBlocks()
    }

    /// `assert`s the invariants (debug builds only); `phase` names the caller in the message.
    func assertInvariants(_ phase: @autoclosure () -> String) {
        assert(
            {
                do { try checkInvariants() } catch {
                    assertionFailure("CoverState invariant broken by \(phase()): \(error)")
                }
                return true
            }())
    }

    /// `chosen`, `isChosen`, `position` agree; no fixed column is chosen; the cost is their sum.
    private func checkSelection() throws(CoverStateViolation) {
        let inst = problem.instance
        var cost = 0.0
        var magnitude = 1.0
        for (p, j) in chosen.enumerated() {
            guard isChosen[j] == 1, position[j] == Int32(p) else {
                throw CoverStateViolation(message: "column \(j) is listed as chosen at \(p) but not marked so")
            }
            guard problem.isFixed[j] == 0 else {
                throw CoverStateViolation(message: "fixed column \(j) is also chosen")
            }
            cost += inst.costs[j]
            magnitude += abs(inst.costs[j])
        }
        let marked = isChosen.reduce(0) { $0 + Int($1) }
        guard marked == chosen.count else {
            throw CoverStateViolation(message: "\(marked) columns marked chosen, \(chosen.count) listed")
        }
        guard abs(cost - self.cost) <= 1e-6 * magnitude else {
            throw CoverStateViolation(message: "cost \(self.cost) != \(cost)")
        }
    }

    /// Per-row counts and XORs, covered weight, must rows and rows.
    private func checkRows() throws(CoverStateViolation) {
        let inst = problem.instance
        let (counts, xors) = recount()
        if counts != count { throw CoverStateViolation(message: "cover counts differ") }
        if xors != soleXor { throw CoverStateViolation(message: "xor ids differ") }
        var weight = 0.0
        var must = 0
        var rows = 0
        for i in 0..<inst.rowCount where counts[i] > 0 {
            weight += inst.weights[i]
            must += Int(problem.isMust[i])
            rows += 1
        }
        if abs(weight - coveredWeight) > 1e-6 * max(1, weight) {
            throw CoverStateViolation(message: "covered weight \(coveredWeight) != \(weight)")
        }
        if must != coveredMust { throw CoverStateViolation(message: "covered must \(coveredMust) != \(must)") }
        if rows != coveredRows { throw CoverStateViolation(message: "covered rows \(coveredRows) != \(rows)") }
    }

    /// Each chosen column's weight and must rows covered by it alone.
    private func checkCritical() throws(CoverStateViolation) {
        let inst = problem.instance
        for j in chosen {
            var weight = 0.0
            var must: Int32 = 0
            for k in inst.columnStarts[j]..<inst.columnStarts[j + 1] where count[Int(inst.columnRows[k])] == 1 {
                weight += inst.weights[Int(inst.columnRows[k])]
                must += Int32(problem.isMust[Int(inst.columnRows[k])])
            }
            if abs(weight - criticalWeight[j]) > 1e-6 * max(1, weight) {
                throw CoverStateViolation(message: "critical weight of \(j): \(criticalWeight[j]) != \(weight)")
            }
            if must != criticalMust[j] {
                throw CoverStateViolation(message: "critical must rows of \(j): \(criticalMust[j]) != \(must)")
            }
        }
    }

    /// Packing: block counts and XORs per location, and no conflict among the columns on.
    private func checkBlocks() throws(CoverStateViolation) {
        guard let packing = problem.packing else { return }
        let inst = problem.instance
        var counts = [Int32](repeating: 0, count: packing.locationCount)
        var xors = [UInt32](repeating: 0, count: packing.locationCount)
        for j in inst.fixedColumns + chosen where packing.locationOfColumn[j] >= 0 {
            packing.forEachConflict(ofLocation: Int(packing.locationOfColumn[j])) { l in
                counts[l] += 1
                xors[l] ^= UInt32(j)
            }
        }
        if counts != blocked { throw CoverStateViolation(message: "block counts differ") }
        if xors != blockXor { throw CoverStateViolation(message: "block xors differ") }
        let conflicts = packing.violations(columns: chosen, fixed: inst.fixedColumns)
        if !conflicts.isEmpty { throw CoverStateViolation(message: "columns on conflict: \(conflicts.prefix(3))") }
    }

    /// Cover counts and XOR ids per row, recomputed from the fixed and chosen columns.
    private func recount() -> (counts: [Int32], xors: [UInt32]) {
        let inst = problem.instance
        var counts = [Int32](repeating: 0, count: inst.rowCount)
        var xors = [UInt32](repeating: 0, count: inst.rowCount)
        for j in inst.fixedColumns + chosen {
            for k in inst.columnStarts[j]..<inst.columnStarts[j + 1] {
                counts[Int(inst.columnRows[k])] += 1
                xors[Int(inst.columnRows[k])] ^= UInt32(j)
            }
        }
        return (counts, xors)
    }
}
