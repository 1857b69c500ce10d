import Foundation
import Geo
import Planning
import Support

/// The output of `nrplan tile-run` (a tile's `out` folder), all or nothing: `tile.json` for the
/// merge with `multipliers.bin` (its Lagrangian multipliers, for the global bound), and the tile's own plan for people — `sites.csv` and `summary.json` (as `solve` writes
/// them, over the tile's core cells only).
public enum TileOutputWriter {
    public static let fileNames = [TileResult.fileName, "multipliers.bin", "sites.csv", "summary.json"]

    public static func write(_ plan: Plan, result: TileResult, to folder: URL) throws(GeoError) {
        let pending = try PendingOutputs(folder, owns: fileNames)
        try pending.add(TileResult.fileName, JSONWriter.string(result.json, indent: 1) + "\n")
        do {
            let file = try pending.folder.create("multipliers.bin")
            try file.write(bytes: [UInt8](TileResult.multipliersData(result.multipliers)))
            try file.commit()
        } catch {
            throw .output(error)
        }
        try pending.add("sites.csv", SitesCSV.render(plan))
        try pending.add("summary.json", JSONWriter.string(Summary.solve(plan: plan), indent: 2) + "\n")
        try pending.publish()
    }
}
