/// The busy-hour load every site of a network carries when each demand cell is served whole by
/// its best server: the site with the highest RSRP at the cell among those that cover it, ties to
/// the site of lowest `tieOrder` (default: listed first) — the rule of `AssignmentRule.bestServer`
/// in the solver when `tieOrder` holds the solver's column ids, so a plan's loads and the solver's agree.
public struct BestServerLoads: Sendable {
    /// Mbps per site (`matrix` column order).
    public let loadMbps: [Double]
    /// Per cell: its best server, or -1 when no site covers it.
    public let server: [Int32]
    /// Per cell: the best server's RSRP (centi-dBm; `Int16.min` when no site covers it).
    public let serverRSRPCentiDBm: [Int16]
    /// Traffic of cells no site covers (Mbps).
    public let unservedMbps: Double

    /// - Complexity: O(entries of `matrix` + cells).
    ///
    /// - Parameter sites: the sites of the network (columns of `matrix`, default all); the others
    ///   serve nothing and carry no load.
    public init(matrix: CoverageMatrix, trafficMbps: [Double], tieOrder: [Int]? = nil, sites: [Int]? = nil) {
        let tie = tieOrder ?? Array(0..<matrix.siteCount)
        var best = [Int16](repeating: .min, count: matrix.cellCount)
        var server = [Int32](repeating: -1, count: matrix.cellCount)
        for site in sites ?? Array(0..<matrix.siteCount) {
            for k in matrix.entries(of: site) {
                let cell = Int(matrix.cells[k])
                let rsrp = matrix.rsrpCentiDBm[k]
                if server[cell] < 0 || rsrp > best[cell] || (rsrp == best[cell] && tie[site] < tie[Int(server[cell])]) {
                    best[cell] = rsrp
                    server[cell] = Int32(site)
                }
            }
        }
        var loads = [Double](repeating: 0, count: matrix.siteCount)
        var unserved = 0.0
        for cell in 0..<matrix.cellCount where trafficMbps[cell] > 0 {
            if server[cell] >= 0 {
                loads[Int(server[cell])] += trafficMbps[cell]
            } else {
                unserved += trafficMbps[cell]
            }
        }
        loadMbps = loads
        self.server = server
        serverRSRPCentiDBm = best
        unservedMbps = unserved
    }

    private init(loadMbps: [Double], server: [Int32], serverRSRPCentiDBm: [Int16], unservedMbps: Double) {
        self.loadMbps = loadMbps
        self.server = server
        self.serverRSRPCentiDBm = serverRSRPCentiDBm
        self.unservedMbps = unservedMbps
    }

    /// The same loads with site k renamed `columns[k]`, in a network of `siteCount` sites of which
    /// the others carry nothing: the loads of a matrix of some columns (`CoverageMatrix.columns`)
    /// as the whole matrix's columns.
    public func renamed(_ columns: [Int], siteCount: Int) -> BestServerLoads {
        var loads = [Double](repeating: 0, count: siteCount)
        for (k, j) in columns.enumerated() { loads[j] = loadMbps[k] }
        return BestServerLoads(
            loadMbps: loads, server: server.map { $0 >= 0 ? Int32(columns[Int($0)]) : -1 },
            serverRSRPCentiDBm: serverRSRPCentiDBm, unservedMbps: unservedMbps)
    }
}
