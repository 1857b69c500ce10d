/// Which demand cells each site covers, and at what RSRP: a compressed sparse column layout with
/// 32-bit cell ids and RSRP quantised to 0.01 dB in 16 bits (6 bytes per covered pair).
///
/// Column j (a site) owns entries `columnStarts[j] ..< columnStarts[j+1]`, cell ids ascending.
public struct CoverageMatrix: Sendable {
    /// Number of demand cells (rows).
    public let cellCount: Int
    /// Start of each column's entries; `columnStarts.count == siteCount + 1`.
    public let columnStarts: [Int]
    /// Covered cell ids, column by column, ascending within a column.
    public let cells: [UInt32]
    /// RSRP of each entry in hundredths of a dBm.
    public let rsrpCentiDBm: [Int16]

    public init(cellCount: Int, columnStarts: [Int], cells: [UInt32], rsrpCentiDBm: [Int16]) {
        self.cellCount = cellCount
        self.columnStarts = columnStarts
        self.cells = cells
        self.rsrpCentiDBm = rsrpCentiDBm
    }

    /// Number of sites (columns).
    public var siteCount: Int { columnStarts.count - 1 }
    /// Number of covered (site, cell) pairs.
    public var entryCount: Int { cells.count }

    /// Entry range of site `j`.
    @inlinable public func entries(of site: Int) -> Range<Int> { columnStarts[site]..<columnStarts[site + 1] }

    /// RSRP in dBm of entry `k`.
    @inlinable public func rsrpDBm(entry k: Int) -> Double { Double(rsrpCentiDBm[k]) / 100 }

    /// Quantises an RSRP in dBm to hundredths (clamped to the Int16 range: ±327.67 dBm).
    @inlinable public static func quantize(_ rsrpDBm: Double) -> Int16 {
        Int16(max(-32768, min(32767, (rsrpDBm * 100).rounded())))
    }

    /// For each cell, whether any of `sites` covers it.
    /// - Complexity: O(entries of the given sites).
    public func coveredCells(by sites: [Int]) -> [Bool] {
        var covered = [Bool](repeating: false, count: cellCount)
        for site in sites {
            for k in entries(of: site) { covered[Int(cells[k])] = true }
        }
        return covered
    }

    /// The matrix of some of the sites, in the given order (site k of the result is `sites[k]`).
    /// - Complexity: O(entries of the given sites).
    ///   When the sites are ascending and hold every entry (only empty columns left out, as the
    ///   coverage stage drops candidates that cover nothing), the result shares this matrix's
    ///   entry arrays instead of copying them: at city scale they are about a gigabyte.
    public func columns(_ sites: [Int]) -> CoverageMatrix {
        if zip(sites, sites.dropFirst()).allSatisfy({ $0 < $1 }),
            sites.reduce(0, { $0 + entries(of: $1).count }) == entryCount
        {
            var starts = [0]
            starts.reserveCapacity(sites.count + 1)
            for j in sites { starts.append(columnStarts[j + 1]) }
            return CoverageMatrix(
                cellCount: cellCount, columnStarts: starts, cells: cells, rsrpCentiDBm: rsrpCentiDBm)
        }
        var starts = [0]
        starts.reserveCapacity(sites.count + 1)
        var kept: [UInt32] = []
        var rsrp: [Int16] = []
        for j in sites {
            let range = entries(of: j)
            kept += cells[range]
            if !rsrpCentiDBm.isEmpty { rsrp += rsrpCentiDBm[range] }
            starts.append(kept.count)
        }
        return CoverageMatrix(cellCount: cellCount, columnStarts: starts, cells: kept, rsrpCentiDBm: rsrp)
    }
}
