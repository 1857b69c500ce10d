import Foundation
import Support

/// Cross-validation of a calibration fit that holds out whole groups — sites, or spatial blocks —
/// never single bins.
///
/// Bins of one site, or of one neighbourhood, share their shadowing (it is spatially correlated:
/// Gudmundson 1991, "Correlation model for shadow fading in mobile radio systems", Electron.
/// Lett. 27(23); TR 38.901 Table 7.5-6 gives 37–120 m correlation distances). Holding out random
/// bins would leave a held-out bin's neighbours in the training set and report an error that is
/// too small. Holding out whole groups is the remedy of Roberts et al. 2017 ("Cross-validation
/// strategies for data with temporal, spatial, hierarchical, or phylogenetic structure",
/// Ecography 40(8)): the test error is then that of a prediction where the model was not fitted.
public enum CrossValidation {
    /// The fold (0..<k) of each observation: the distinct group labels, sorted, are shuffled with a
    /// seeded SplitMix64 generator and dealt to the folds in turn, so a group is always whole in one
    /// fold. k is capped at the number of groups.
    public static func folds(groups: [Int], count requested: Int, seed: UInt64) -> [Int] {
        var labels = Array(Set(groups)).sorted()
        var generator = SplitMix64(seed: seed)
        // Fisher–Yates.
        if labels.count > 1 {
            for i in stride(from: labels.count - 1, to: 0, by: -1) {
                let j = Int(generator.next() % UInt64(i + 1))
                labels.swapAt(i, j)
            }
        }
        let k = max(1, min(requested, labels.count))
        var foldOfGroup: [Int: Int] = [:]
        for (position, label) in labels.enumerated() { foldOfGroup[label] = position % k }
        return groups.map { foldOfGroup[$0] ?? 0 }
    }

    /// A label per point for square blocks of `blockMeters` on a local metric frame: points in the
    /// same block share a label; labels are dense (0, 1, …) in (row, column) order.
    public static func blockLabels(eastMeters: [Double], northMeters: [Double], blockMeters: Double) -> [Int] {
        let keys = zip(eastMeters, northMeters).map { (e, n) in
            BlockKey(column: Int((e / blockMeters).rounded(.down)), row: Int((n / blockMeters).rounded(.down)))
        }
        let distinct = Array(Set(keys)).sorted { ($0.row, $0.column) < ($1.row, $1.column) }
        var label: [BlockKey: Int] = [:]
        for (index, key) in distinct.enumerated() { label[key] = index }
        return keys.map { label[$0]! }
    }

    struct BlockKey: Hashable {
        let column: Int
        let row: Int
    }

    /// One fold's outcome.
    public struct Fold: Sendable {
        /// Observations held out.
        public var testCount: Int
        /// The fit on the other folds failed (too few observations, or a parameter not identifiable).
        public var failure: CensoredHuberRegression.Failure?
    }

    /// The out-of-fold fitted value x_i·γ̂_(−fold(i)) of every observation (NaN where its fold's
    /// fit failed), and the folds.
    public struct Result: Sendable {
        public var predictions: [Double]
        public var folds: [Fold]

        public init(predictions: [Double], folds: [Fold]) {
            self.predictions = predictions
            self.folds = folds
        }
    }

    /// Fits on all folds but one and predicts the one, for each fold. A design column that is zero
    /// on every training observation (e.g. a clutter class seen only in the held-out fold) is left
    /// out of that fit and contributes nothing to the prediction.
    /// - Complexity: k fits.
    public static func run(
        _ data: CensoredHuberRegression.Data, folds: [Int], options: CensoredHuberRegression.Options
    ) -> Result {
        let k = (folds.max() ?? 0) + 1
        let p = data.parameterCount
        var predictions = [Double](repeating: .nan, count: data.count)
        var summaries: [Fold] = []
        for fold in 0..<k {
            let train = (0..<data.count).filter { folds[$0] != fold }
            let test = (0..<data.count).filter { folds[$0] == fold }
            var used: [Int] = []
            for j in 0..<p where train.contains(where: { data.design[$0 * p + j] != 0 }) { used.append(j) }
            func reduced(_ rows: [Int]) -> CensoredHuberRegression.Data {
                var x: [Double] = []
                x.reserveCapacity(rows.count * used.count)
                for i in rows { for j in used { x.append(data.design[i * p + j]) } }
                return CensoredHuberRegression.Data(
                    design: x, parameterCount: max(used.count, 1), response: rows.map { data.response[$0] },
                    censored: rows.map { data.censored[$0] })
            }
            guard !used.isEmpty else {
                summaries.append(Fold(testCount: test.count, failure: .notIdentifiable(column: 0)))
                continue
            }
            switch CensoredHuberRegression.fit(reduced(train), options: options) {
            case .success(let fit):
                for i in test {
                    var s = 0.0
                    for (c, j) in used.enumerated() { s += data.design[i * p + j] * fit.coefficients[c] }
                    predictions[i] = s
                }
                summaries.append(Fold(testCount: test.count, failure: nil))
            case .failure(let failure):
                summaries.append(Fold(testCount: test.count, failure: failure))
            }
        }
        return Result(predictions: predictions, folds: summaries)
    }
}
