/// NR carrier numerology: how many resource blocks a channel bandwidth holds.
public enum NRCarrier {
    /// FR1 maximum transmission bandwidth configuration N_RB, TS 38.101-1 Table 5.3.2-1
    /// (same values as TS 38.104 Table 5.3.2-1), keyed by SCS in kHz then channel bandwidth in MHz.
    public static let fr1ResourceBlocks: [Int: [Int: Int]] = [
        15: [3: 15, 5: 25, 7: 35, 10: 52, 15: 79, 20: 106, 25: 133, 30: 160, 35: 188, 40: 216, 45: 242, 50: 270],
        30: [
            5: 11, 10: 24, 15: 38, 20: 51, 25: 65, 30: 78, 35: 92, 40: 106, 45: 119, 50: 133,
            60: 162, 70: 189, 80: 217, 90: 245, 100: 273,
        ],
        60: [
            10: 11, 15: 18, 20: 24, 25: 31, 30: 38, 35: 44, 40: 51, 45: 58, 50: 65,
            60: 79, 70: 93, 80: 107, 90: 121, 100: 135,
        ],
    ]

    /// FR2 maximum transmission bandwidth configuration N_RB, TS 38.101-2 Table 5.3.2-1.
    public static let fr2ResourceBlocks: [Int: [Int: Int]] = [
        60: [50: 66, 100: 132, 200: 264],
        120: [50: 32, 100: 66, 200: 132, 400: 264],
    ]

    /// Lowest FR2 frequency in GHz (TS 38.101-2: FR2-1 starts at 24.25 GHz).
    public static let fr2LowerEdgeGHz = 24.25

    /// N_RB for a channel bandwidth and subcarrier spacing, from the FR1 table below 24.25 GHz and
    /// the FR2 table above; `nil` when the combination is not in the table (or not integral).
    /// Example: 100 MHz at 30 kHz in FR1 → 273.
    public static func maxResourceBlocks(
        bandwidthMHz: Double, subcarrierSpacingKHz: Double,
        frequencyGHz: Double
    ) -> Int? {
        guard bandwidthMHz.isFinite, subcarrierSpacingKHz.isFinite,
            bandwidthMHz == bandwidthMHz.rounded(), subcarrierSpacingKHz == subcarrierSpacingKHz.rounded(),
            bandwidthMHz > 0, subcarrierSpacingKHz > 0, bandwidthMHz < 10_000, subcarrierSpacingKHz < 10_000
        else { return nil }
        let table = frequencyGHz >= fr2LowerEdgeGHz ? fr2ResourceBlocks : fr1ResourceBlocks
        return table[Int(subcarrierSpacingKHz)]?[Int(bandwidthMHz)]
    }

    /// The (bandwidth, SCS) pairs valid at a frequency, for error messages, e.g. "100 MHz @ 30 kHz".
    public static func validCombinations(frequencyGHz: Double) -> [String] {
        let table = frequencyGHz >= fr2LowerEdgeGHz ? fr2ResourceBlocks : fr1ResourceBlocks
        return table.keys.sorted().flatMap { scs in
            (table[scs] ?? [:]).keys.sorted().map { "\($0) MHz @ \(scs) kHz" }
        }
    }
}
