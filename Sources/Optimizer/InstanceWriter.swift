import Foundation
import Support

/// Writes a covering instance exactly as `solveCovering` sees it, so that another solver can
/// re-solve it and check nrplan's answer and bound (docs/solver.md, "Exporting the instance"):
///
/// - **JSON** (`.json`): the instance format `nrplan solve-matrix --mclp` reads (`JSONInstanceReader`),
///   with the objective in `"objective"` (`"set_cover"`, `"partial_cover"` with `"target"`,
///   `"max_coverage"` with `"p"` and/or `"budget"`). Numbers are the shortest text that reads back as
///   the same double, so the instance read back is bit-identical.
/// - **MPS** (`.mps`): the integer program of docs/solver.md "Formulations" for any MIP solver
///   (HiGHS, CBC, Gurobi, CPLEX). Columns `X<j>` (0-based column j) are binary with cost `c_j`;
///   fixed columns (existing sites) are `X<j>` with both bounds 1 and cost 0. Rows `R<i>` (0-based
///   row i): set cover and must rows `Σ_{j∈J_i} x_j ≥ 1`; other rows with weight > 0 get a binary
///   `Z<i>` and `Σ_{j∈J_i} x_j − z_i ≥ 0`; rows of weight 0 that are not must-cover are left out
///   (they change neither cost nor feasibility). Partial cover adds `TARGET: Σ_{i∉M} w_i z_i ≥
///   t·W − w(M) − 10⁻⁹·W` (nrplan accepts a target met within 10⁻⁹·W); max coverage maximises
///   `w(M) + Σ_{i∉M} w_i z_i` (the constant in the objective's RHS entry) under `COUNT: Σ x_j ≤ K`
///   and/or `BUDGET: Σ c_j x_j ≤ B`. Packing constraints become one row per location (`L<l>`: at
///   most one of its columns) and one per conflicting pair of locations (`P<k>`); free columns that
///   conflict with a fixed column get an upper bound of 0, as the solver never chooses them.
///
/// Written through `OutputFile`: under a temporary name, renamed into place when complete.
public enum InstanceWriter {
    /// The format a path asks for, from its extension (`.json` or `.mps`, any case).
    public enum Format: Sendable, Equatable {
        case json
        case mps

        public init?(path: String) {
            switch (path as NSString).pathExtension.lowercased() {
            case "json": self = .json
            case "mps": self = .mps
            default: return nil
            }
        }
    }

    /// Writes `instance` with `objective` to `url` in `format`.
    ///
    /// - Throws: `OptimizerError.invalidObjective` when the JSON format cannot hold the instance
    ///   (packing constraints), `OutputError` when the file cannot be written.
    public static func write(
        _ instance: CoveringInstance, objective: CoveringObjective, format: Format, to url: URL, name: String? = nil
    ) throws {
        let sink = Sink(file: try OutputFile(url: url))
        switch format {
        case .json: try json(instance, objective: objective, name: name, into: sink)
        case .mps: try mps(instance, objective: objective, name: name, into: sink)
        }
        try sink.flush(force: true)
        try sink.file?.commit()
    }

    /// The whole file as text (small instances, tests).
    public static func text(
        _ instance: CoveringInstance, objective: CoveringObjective, format: Format, name: String? = nil
    ) throws -> String {
        let sink = Sink(file: nil)
        switch format {
        case .json: try json(instance, objective: objective, name: name, into: sink)
        case .mps: try mps(instance, objective: objective, name: name, into: sink)
        }
        return sink.text
    }

    /// Text written in pieces of about 1 MB to `file` (kept whole when there is no file).
    final class Sink {
        var text = ""
        let file: OutputFile?

        init(file: OutputFile?) {
            self.file = file
            text.reserveCapacity(1 << 20)
        }

        func flush(force: Bool = false) throws {
            guard let file, force || text.utf8.count >= 1 << 20 else { return }
            try file.write(text)
            text.removeAll(keepingCapacity: true)
        }
    }

    static func json(
        _ instance: CoveringInstance, objective: CoveringObjective, name: String?, into out: Sink
    ) throws {
        if instance.packing != nil {
            throw OptimizerError.invalidObjective(
                "the JSON instance format has no packing (spacing) constraints; write the instance as .mps")
        }
        out.text += "{"
        if let name {
            out.text += "\"name\":"
            JSONWriter.appendString(name, into: &out.text)
            out.text += ",\n"
        }
        switch objective {
        case .setCover:
            out.text += "\"objective\":\"set_cover\",\n"
        case .partialCover(let target):
            out.text += "\"objective\":\"partial_cover\",\"target\":\(NumberText.shortest(target)),\n"
        case .maxCoverage(let k, let budget):
            out.text += "\"objective\":\"max_coverage\""
            if let k { out.text += ",\"p\":\(k)" }
            if let budget { out.text += ",\"budget\":\(NumberText.shortest(budget))" }
            out.text += ",\n"
        }
        out.text += "\"weights\":["
        for (i, w) in instance.weights.enumerated() {
            if i > 0 { out.text += i % 16 == 0 ? ",\n" : "," }
            out.text += NumberText.shortest(w)
            try out.flush()
        }
        out.text += "],\n\"costs\":["
        for (j, c) in instance.costs.enumerated() {
            if j > 0 { out.text += j % 16 == 0 ? ",\n" : "," }
            out.text += NumberText.shortest(c)
        }
        out.text += "],\n\"fixed\":["
        out.text += instance.fixedColumns.map(String.init).joined(separator: ",")
        out.text += "],\n\"must_cover\":["
        for (k, i) in instance.mustCoverRows.enumerated() {
            if k > 0 { out.text += k % 16 == 0 ? ",\n" : "," }
            out.text += String(i)
        }
        out.text += "],\n\"cover\":[\n"
        for j in 0..<instance.columnCount {
            if j > 0 { out.text += ",\n" }
            out.text += "["
            var first = true
            for q in instance.columnStarts[j]..<instance.columnStarts[j + 1] {
                if !first { out.text += "," }
                first = false
                out.text += String(instance.columnRows[q])
            }
            out.text += "]"
            try out.flush()
        }
        out.text += "]}\n"
    }
}

extension InstanceWriter {
    /// The MPS text (see the type's documentation for the formulation). Free-format field order with
    /// names without spaces, which HiGHS, CBC, Gurobi and CPLEX read.
    ///
    /// Function over 80 lines: one pass per MPS section, in the order the format prescribes.
    static func mps(
        _ instance: CoveringInstance, objective: CoveringObjective, name: String?, into out: Sink
    ) throws {
        let m = instance.rowCount
        let n = instance.columnCount
        var isFixed = [Bool](repeating: false, count: n)
        for j in instance.fixedColumns { isFixed[j] = true }
        var isMust = [Bool](repeating: false, count: m)
        var mustWeight = 0.0
        let setCover: Bool
        if case .setCover = objective { setCover = true } else { setCover = false }
        if setCover {
            for i in 0..<m { isMust[i] = true }
        } else {
            for i in instance.mustCoverRows { isMust[i] = true }
        }
        for i in 0..<m where isMust[i] { mustWeight += instance.weights[i] }
        // Rows written: must rows, and rows with weight (they carry a z variable).
        let written = (0..<m).map { isMust[$0] || instance.weights[$0] > 0 }
        let hasZ = (0..<m).map { !isMust[$0] && instance.weights[$0] > 0 }
        // Free columns that conflict with a fixed column are never chosen (upper bound 0).
        var forbidden = [Bool](repeating: false, count: n)
        var locationRows: [[Int]] = [] // per packing row, its locations
        if let packing = instance.packing {
            for j in instance.fixedColumns {
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
        }
        var packingRowsOfColumn: [[Int]] = Array(repeating: [], count: instance.packing == nil ? 0 : n)
        if let packing = instance.packing {
            for (r, locations) in locationRows.enumerated() {
                for l in locations {
                    for k in packing.locationColumnStarts[l]..<packing.locationColumnStarts[l + 1] {
                        let c = Int(packing.locationColumns[k])
                        if !isFixed[c] && !forbidden[c] { packingRowsOfColumn[c].append(r) }
                    }
                }
            }
        }
        let maximise: Bool
        if case .maxCoverage = objective { maximise = true } else { maximise = false }

        out.text +=
            "* nrplan covering instance: \(instance.rowCount) rows, \(n) columns, \(instance.nonzeroCount) nonzeros\n"
        out.text += "* objective: \(objective.name); see docs/solver.md, Exporting the instance\n"
        out.text +=
            "NAME \(name.map { $0.filter { !$0.isWhitespace } }.flatMap { $0.isEmpty ? nil : $0 } ?? "nrplan")\n"
        if maximise { out.text += "OBJSENSE\n    MAX\n" }
        out.text += "ROWS\n N COST\n"
        for i in 0..<m where written[i] { out.text += " G R\(i)\n" }
        var rhsLines: [String] = []
        switch objective {
        case .setCover: break
        case .partialCover(let target):
            out.text += " G TARGET\n"
            let tolerance = 1e-9 * max(1, instance.totalWeight)
            rhsLines.append(
                "    RHS TARGET \(NumberText.shortest(target * instance.totalWeight - mustWeight - tolerance))")
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
            if mustWeight != 0 { rhsLines.append("    RHS COST \(NumberText.shortest(-mustWeight))") }
        }
        for r in 0..<locationRows.count { out.text += " L P\(r)\n" }
        for i in 0..<m where isMust[i] { rhsLines.append("    RHS R\(i) 1") }
        try out.flush()

        out.text += "COLUMNS\n    MARKER 'MARKER' 'INTORG'\n"
        for j in 0..<n {
            let fixed = isFixed[j]
            let cost = fixed ? 0 : instance.costs[j]
            let before = out.text.utf8.count
            if !maximise && cost != 0 { out.text += "    X\(j) COST \(NumberText.shortest(cost))\n" }
            for q in instance.columnStarts[j]..<instance.columnStarts[j + 1] {
                let i = Int(instance.columnRows[q])
                if written[i] { out.text += "    X\(j) R\(i) 1\n" }
            }
            if !fixed, case .maxCoverage(let k, let budget) = objective {
                if k != nil { out.text += "    X\(j) COUNT 1\n" }
                if budget != nil, cost != 0 { out.text += "    X\(j) BUDGET \(NumberText.shortest(cost))\n" }
            }
            if !packingRowsOfColumn.isEmpty {
                for r in packingRowsOfColumn[j] { out.text += "    X\(j) P\(r) 1\n" }
            }
            if out.text.utf8.count == before { out.text += "    X\(j) COST 0\n" } // every column appears in COLUMNS
            try out.flush()
        }
        for i in 0..<m where hasZ[i] {
            out.text += "    Z\(i) R\(i) -1\n"
            switch objective {
            case .partialCover: out.text += "    Z\(i) TARGET \(NumberText.shortest(instance.weights[i]))\n"
            case .maxCoverage: out.text += "    Z\(i) COST \(NumberText.shortest(instance.weights[i]))\n"
            case .setCover: break
            }
            try out.flush()
        }
        out.text += "    MARKER 'MARKER' 'INTEND'\n"
        out.text += "RHS\n"
        for line in rhsLines {
            out.text += line
            out.text += "\n"
            try out.flush()
        }
        out.text += "BOUNDS\n"
        for j in 0..<n {
            if isFixed[j] {
                out.text += " FX BND X\(j) 1\n"
            } else if forbidden[j] {
                out.text += " FX BND X\(j) 0\n"
            } else {
                out.text += " BV BND X\(j)\n"
            }
            try out.flush()
        }
        for i in 0..<m where hasZ[i] {
            out.text += " BV BND Z\(i)\n"
            try out.flush()
        }
        out.text += "ENDATA\n"
    }
}
