import Foundation
import Support

extension InstanceWriter {
    /// What the MPS file holds, worked out before it is written: which rows are written and which
    /// carry a `Z` variable, the fixed and forbidden columns, the packing rows and each column's.
    struct MPSLayout {
        let maximise: Bool
        var isFixed: [Bool]
        var isMust: [Bool]
        var mustWeight = 0.0
        /// Rows written: must rows, and rows with weight (they carry a z variable).
        let written: [Bool]
        let hasZ: [Bool]
        /// Free columns that conflict with a fixed column are never chosen (upper bound 0).
        var forbidden: [Bool]
        /// Per packing row, its locations.
        var locationRows: [[Int]] = []
        /// Per column, the packing rows it enters (empty without packing constraints).
        var packingRowsOfColumn: [[Int]] = []

        init(_ instance: CoveringInstance, objective: CoveringObjective) {
            let m = instance.rowCount
            let n = instance.columnCount
            var isFixed = [Bool](repeating: false, count: n)
            for j in instance.fixedColumns { isFixed[j] = true }
            var isMust = [Bool](repeating: false, count: m)
            if case .setCover = objective {
                for i in 0..<m { isMust[i] = true }
            } else {
                for i in instance.mustCoverRows { isMust[i] = true }
            }
            for i in 0..<m where isMust[i] { mustWeight += instance.weights[i] }
            written = (0..<m).map { isMust[$0] || instance.weights[$0] > 0 }
            hasZ = (0..<m).map { !isMust[$0] && instance.weights[$0] > 0 }
            self.isFixed = isFixed
            self.isMust = isMust
            forbidden = [Bool](repeating: false, count: n)
            if case .maxCoverage = objective { maximise = true } else { maximise = false }
            if let packing = instance.packing { addPacking(packing, fixedColumns: instance.fixedColumns) }
        }

        /// The forbidden columns, the packing rows (one per location with more than one column, one
        /// per conflicting pair of locations) and each free column's packing rows.
        private mutating func addPacking(_ packing: ColumnPacking, fixedColumns: [Int]) {
            for j in fixedColumns {
                let location = Int(packing.locationOfColumn[j])
                guard location >= 0 else { continue }
                packing.forEachConflict(ofLocation: location) { l in
                    for k in packing.locationColumnStarts[l]..<packing.locationColumnStarts[l + 1] {
                        let c = Int(packing.locationColumns[k])
                        if !isFixed[c] { forbidden[c] = true }
                    }
                }
            }
            for l in 0..<packing.locationCount {
                if packing.locationColumnStarts[l + 1] - packing.locationColumnStarts[l] > 1 {
                    locationRows.append([l])
                }
                packing.forEachConflict(ofLocation: l) { other in
                    if other > l { locationRows.append([l, other]) }
                }
            }
            packingRowsOfColumn = Array(repeating: [], count: isFixed.count)
            for (r, locations) in locationRows.enumerated() {
                for l in locations {
                    for k in packing.locationColumnStarts[l]..<packing.locationColumnStarts[l + 1] {
                        let c = Int(packing.locationColumns[k])
                        if !isFixed[c] && !forbidden[c] { packingRowsOfColumn[c].append(r) }
                    }
                }
            }
        }
    }

    /// The MPS text (see the type's documentation for the formulation). Free-format field order with
    /// names without spaces, which HiGHS, CBC, Gurobi and CPLEX read. One pass per MPS section, in
    /// the order the format prescribes.
    static func mps(
        _ instance: CoveringInstance, objective: CoveringObjective, name: String?, into out: Sink
    ) throws {
        let layout = MPSLayout(instance, objective: objective)
        out.text +=
            "* nrplan covering instance: \(instance.rowCount) rows, \(instance.columnCount) columns, \(instance.nonzeroCount) nonzeros\n"
        out.text += "* objective: \(objective.name); see docs/solver.md, Exporting the instance\n"
        out.text +=
            "NAME \(name.map { $0.filter { !$0.isWhitespace } }.flatMap { $0.isEmpty ? nil : $0 } ?? "nrplan")\n"
        if layout.maximise { out.text += "OBJSENSE\n    MAX\n" }
        let rhsLines = try mpsRows(instance, objective: objective, layout: layout, into: out)
        try mpsColumns(instance, objective: objective, layout: layout, into: out)
        out.text += "RHS\n"
        for line in rhsLines {
            out.text += line
            out.text += "\n"
            try out.flush()
        }
        out.text += "BOUNDS\n"
        for j in 0..<instance.columnCount {
            if layout.isFixed[j] {
                out.text += " FX BND X\(j) 1\n"
            } else if layout.forbidden[j] {
                out.text += " FX BND X\(j) 0\n"
            } else {
                out.text += " BV BND X\(j)\n"
            }
            try out.flush()
        }
        for i in 0..<instance.rowCount where layout.hasZ[i] {
            out.text += " BV BND Z\(i)\n"
            try out.flush()
        }
        out.text += "ENDATA\n"
    }

    /// The ROWS section; returns the RHS section's lines (written after COLUMNS).
    static func mpsRows(
        _ instance: CoveringInstance, objective: CoveringObjective, layout: MPSLayout, into out: Sink
    ) throws -> [String] {
        out.text += "ROWS\n N COST\n"
        for i in 0..<instance.rowCount where layout.written[i] { out.text += " G R\(i)\n" }
        var rhsLines: [String] = []
        switch objective {
        case .setCover: break
        case .partialCover(let target):
            out.text += " G TARGET\n"
            let tolerance = 1e-9 * max(1, instance.totalWeight)
            rhsLines.append(
                "    RHS TARGET \(NumberText.shortest(target * instance.totalWeight - layout.mustWeight - tolerance))")
        case .maxCoverage(let k, let budget):
            if let k {
                out.text += " L COUNT\n"
                rhsLines.append("    RHS COUNT \(k)")
            }
            if let budget {
                out.text += " L BUDGET\n"
                rhsLines.append("    RHS BUDGET \(NumberText.shortest(budget))")
            }
            // The must rows' weight is a constant of the objective: MPS stores it negated on the RHS of the objective row.
            if layout.mustWeight != 0 { rhsLines.append("    RHS COST \(NumberText.shortest(-layout.mustWeight))") }
        }
        for r in 0..<layout.locationRows.count { out.text += " L P\(r)\n" }
        for i in 0..<instance.rowCount where layout.isMust[i] { rhsLines.append("    RHS R\(i) 1") }
        try out.flush()
        return rhsLines
    }

    /// The COLUMNS section: every `X` column (each appears at least once), then the `Z` columns,
    /// between the integer markers.
    static func mpsColumns(
        _ instance: CoveringInstance, objective: CoveringObjective, layout: MPSLayout, into out: Sink
    ) throws {
        out.text += "COLUMNS\n    MARKER 'MARKER' 'INTORG'\n"
        for j in 0..<instance.columnCount {
            let fixed = layout.isFixed[j]
            let cost = fixed ? 0 : instance.costs[j]
            let before = out.text.utf8.count
            if !layout.maximise && cost != 0 { out.text += "    X\(j) COST \(NumberText.shortest(cost))\n" }
            for q in instance.columnStarts[j]..<instance.columnStarts[j + 1] {
                let i = Int(instance.columnRows[q])
                if layout.written[i] { out.text += "    X\(j) R\(i) 1\n" }
            }
            if !fixed, case .maxCoverage(let k, let budget) = objective {
                if k != nil { out.text += "    X\(j) COUNT 1\n" }
                if budget != nil, cost != 0 { out.text += "    X\(j) BUDGET \(NumberText.shortest(cost))\n" }
            }
            if !layout.packingRowsOfColumn.isEmpty {
                for r in layout.packingRowsOfColumn[j] { out.text += "    X\(j) P\(r) 1\n" }
            }
            if out.text.utf8.count == before { out.text += "    X\(j) COST 0\n" } // every column appears in COLUMNS
            try out.flush()
        }
        for i in 0..<instance.rowCount where layout.hasZ[i] {
            out.text += "    Z\(i) R\(i) -1\n"
            switch objective {
            case .partialCover: out.text += "    Z\(i) TARGET \(NumberText.shortest(instance.weights[i]))\n"
            case .maxCoverage: out.text += "    Z\(i) COST \(NumberText.shortest(instance.weights[i]))\n"
            case .setCover: break
            }
            try out.flush()
        }
        out.text += "    MARKER 'MARKER' 'INTEND'\n"
    }
}
