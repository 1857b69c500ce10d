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
