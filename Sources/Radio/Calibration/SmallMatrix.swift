import Foundation

/// A small dense square matrix (row-major), for the normal equations and covariance matrices of
/// the calibration fit (a handful of parameters).
///
/// Factorisations follow Golub & Van Loan, *Matrix Computations* (4th ed., 2013): Cholesky
/// (Algorithm 4.2.2) for the symmetric positive definite X'X, Gaussian elimination with partial
/// pivoting (Algorithm 3.4.1) for the general Jacobian of the estimating equations.
public struct SmallMatrix: Sendable, Hashable {
    /// Rows and columns.
    public let size: Int
    /// Entries, row-major: `values[row * size + column]`.
    public var values: [Double]

    /// A zero matrix.
    public init(size: Int) {
        self.size = size
        values = [Double](repeating: 0, count: size * size)
    }

    /// A matrix from its rows.
    public init(rows: [[Double]]) {
        size = rows.count
        values = rows.flatMap { $0 }
        precondition(values.count == size * size, "SmallMatrix: rows must be square")
    }

    public subscript(row: Int, column: Int) -> Double {
        get { values[row * size + column] }
        set { values[row * size + column] = newValue }
    }

    /// The identity.
    public static func identity(_ size: Int) -> SmallMatrix {
        var m = SmallMatrix(size: size)
        for i in 0..<size { m[i, i] = 1 }
        return m
    }

    /// The transpose.
    public var transposed: SmallMatrix {
        var t = SmallMatrix(size: size)
        for i in 0..<size { for j in 0..<size { t[j, i] = self[i, j] } }
        return t
    }

    /// The matrix product self · other.
    public static func * (l: SmallMatrix, r: SmallMatrix) -> SmallMatrix {
        var p = SmallMatrix(size: l.size)
        for i in 0..<l.size {
            for k in 0..<l.size where l[i, k] != 0 {
                let a = l[i, k]
                for j in 0..<l.size { p[i, j] += a * r[k, j] }
            }
        }
        return p
    }

    /// self · v.
    public func times(_ v: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: size)
        for i in 0..<size {
            var s = 0.0
            for j in 0..<size { s += self[i, j] * v[j] }
            out[i] = s
        }
        return out
    }

    /// The lower-triangular Cholesky factor L with self = L·Lᵀ, or the first column whose pivot
    /// is not positive (relative to the diagonal's scale): the column is a linear combination of
    /// the ones before it, so its parameter is not identifiable.
    /// - Complexity: O(size³).
    public func cholesky() -> Result<SmallMatrix, RankDeficiency> {
        var l = SmallMatrix(size: size)
        for j in 0..<size {
            var d = self[j, j]
            for k in 0..<j { d -= l[j, k] * l[j, k] }
            let scale = max(abs(self[j, j]), .leastNormalMagnitude)
            guard d > 1e-10 * scale, d.isFinite else { return .failure(RankDeficiency(column: j)) }
            let root = d.squareRoot()
            l[j, j] = root
            for i in (j + 1)..<max(j + 1, size) {
                var s = self[i, j]
                for k in 0..<j { s -= l[i, k] * l[j, k] }
                l[i, j] = s / root
            }
        }
        return .success(l)
    }

    /// Solves L·Lᵀ·x = b given the Cholesky factor L (self).
    public func choleskySolve(_ b: [Double]) -> [Double] {
        var y = b
        for i in 0..<size {
            var s = y[i]
            for k in 0..<i { s -= self[i, k] * y[k] }
            y[i] = s / self[i, i]
        }
        var x = y
        for i in stride(from: size - 1, through: 0, by: -1) {
            var s = x[i]
            for k in (i + 1)..<max(i + 1, size) { s -= self[k, i] * x[k] }
            x[i] = s / self[i, i]
        }
        return x
    }

    /// The inverse by Gaussian elimination with partial pivoting, or nil when singular.
    /// - Complexity: O(size³).
    public func inverse() -> SmallMatrix? {
        var a = self
        var inv = SmallMatrix.identity(size)
        let scale = values.map(abs).max() ?? 0
        guard scale > 0, scale.isFinite else { return nil }
        for column in 0..<size {
            var pivot = column
            for row in (column + 1)..<max(column + 1, size) where abs(a[row, column]) > abs(a[pivot, column]) {
                pivot = row
            }
            guard abs(a[pivot, column]) > 1e-13 * scale else { return nil }
            if pivot != column {
                for j in 0..<size {
                    a.values.swapAt(pivot * size + j, column * size + j)
                    inv.values.swapAt(pivot * size + j, column * size + j)
                }
            }
            let p = a[column, column]
            for j in 0..<size {
                a[column, j] /= p
                inv[column, j] /= p
            }
            for row in 0..<size where row != column && a[row, column] != 0 {
                let f = a[row, column]
                for j in 0..<size {
                    a[row, j] -= f * a[column, j]
                    inv[row, j] -= f * inv[column, j]
                }
            }
        }
        return inv
    }

    /// A column that is a linear combination of earlier ones.
    public struct RankDeficiency: Error, Sendable, Hashable {
        public let column: Int
    }
}
