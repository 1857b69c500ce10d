import Radio
import Synchronization

/// The link budgets of every (profile, site height) one coverage-matrix build meets, shared by its
/// threads: `[own profile's] + [one per clutter class]`, each a `SiteBudget` (the formula path's
/// evaluator, with its range search, and the kernel). A catalogue of 250 000 sites has a few
/// thousand distinct heights; building the budgets once per height instead of once per block of
/// sites saves most of their cost (each is a range search of ~50 formula evaluations).
///
/// A budget is a pure function of its key, so which thread builds it, and whether it was cached,
/// changes nothing. Memory is bounded: past `capacity` keys (about 4 KB each with five clutter
/// classes), new keys are built and used without being kept.
final class BudgetCache: Sendable {
    struct Key: Hashable, Sendable {
        let profile: RadioProfile
        let heightMeters: Double
    }

    /// Most keys kept.
    static let capacity = 16_384

    private let clutter: ClutterRaster?
    private let formulaOnly: Bool
    private let store = Mutex<[Key: [SiteBudget]]>([:])

    init(clutter: ClutterRaster?, formulaOnly: Bool) {
        self.clutter = clutter
        self.formulaOnly = formulaOnly
    }

    /// The budgets of a site of `key`: index 0 the profile's own, index k clutter class k − 1.
    func budgets(for key: Key) -> [SiteBudget] {
        if let cached = store.withLock({ $0[key] }) { return cached }
        let own = CoverageEvaluator(profile: key.profile, siteHeightMeters: key.heightMeters)
        let classes = (clutter?.classes ?? []).map {
            $0.evaluator(profile: key.profile, siteHeightMeters: key.heightMeters)
        }
        let budgets = ([own] + classes).map { SiteBudget($0, formulaOnly: formulaOnly) }
        store.withLock { store in
            if store.count < Self.capacity { store[key] = budgets }
        }
        return budgets
    }
}
