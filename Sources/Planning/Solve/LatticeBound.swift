import Optimizer

extension SitingPipeline {
    /// What the bound of a service plan is valid for.
    struct LatticeBound {
        /// The solver's own lower bound, on the columns it was given.
        var candidatesBound: Double?
        /// `Σ min(0, reduced cost)` over the lattice positions a coarser search step skipped (nil
        /// when nothing was skipped or there is no Lagrangian certificate).
        var skippedReducedCost: Double?
        /// `"lattice"` or `"candidates"` (see `ServicePlan.boundScope`).
        var scope: String
    }

    /// Extends the solver's Lagrangian lower bound to the lattice positions a coarser search step
    /// skipped (docs/solver.md, "Lattices and the bound"): their reduced costs at the bound's
    /// multipliers, summed where negative, lower the bound so that it holds for every lattice
    /// position. Without a certificate (max coverage) the bound holds for the columns searched only.
    static func extendBoundToLattice(
        _ solved: inout Solved, columns: ServiceColumns, service: ServiceSettings, grid: DemandGrid, threads: Int
    ) -> LatticeBound {
        let candidatesBound = solved.solution.lowerBound
        let coarse = columns.latticeClasses.contains { $0.footprint.stepSquares > (columns.lattice?.stepSquares ?? 1) }
        guard coarse, let lattice = columns.lattice else {
            return LatticeBound(candidatesBound: candidatesBound, skippedReducedCost: nil, scope: "lattice")
        }
        guard !solved.objective.isMaximisation, let certificate = solved.solution.lagrangianCertificate else {
            return LatticeBound(candidatesBound: candidatesBound, skippedReducedCost: nil, scope: "candidates")
        }
        let generator = LatticeCandidates(grid: grid)
        let prefix = generator.multiplierPrefix(certificate.multipliers)
        var total = 0.0
        for (footprint, _) in columns.latticeClasses where footprint.stepSquares > lattice.stepSquares {
            total += generator.skippedReducedCost(
                of: footprint, cost: service.types[footprint.type].cost ?? 0, lattice: lattice,
                allowed: columns.allowed, multiplierPrefix: prefix, threads: threads)
        }
        var solution = solved.solution
        let bound = min(
            LagrangianCertificate.rounded(certificate.value + total, costUnit: certificate.costUnit),
            solution.cost)
        solution.lowerBound = bound
        solution.gap = solution.cost > 0 ? max(0, (solution.cost - bound) / solution.cost) : 0
        solution.provenOptimal = solution.gap == 0
        solved.solution = solution
        return LatticeBound(candidatesBound: candidatesBound, skippedReducedCost: total, scope: "lattice")
    }
}
