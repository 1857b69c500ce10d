import Radio

/// A site's downlink capacity in busy-hour Mbps at the load target, from its radio profile and the
/// scenario's capacity settings (docs/capacity.md):
///
///     capacity = sectors × B_occupied × SE(SINR) × layers × DL share × load target
///
/// `B_occupied = N_RB × 12 × SCS` (TS 38.101-1 Table 5.3.2-1 via `RadioProfile.resourceBlockCount`;
/// 273 RB at 30 kHz in 100 MHz = 98.28 MHz), `SE` per layer from `SpectralEfficiency` (TR 36.942
/// Annex A.1 attenuated Shannon, TS 38.214 cap), sectors from the profile's antenna (omni: 1).
/// Sectors are assumed evenly loaded: the site's load is compared with the sum of its sectors.
public enum SiteCapacity {
    /// Sectors of a profile's antenna (omni: 1).
    public static func sectors(_ profile: RadioProfile) -> Int {
        profile.antenna.pattern == .sector ? max(1, profile.antenna.azimuthsDegrees.count) : 1
    }

    /// Occupied downlink bandwidth in MHz: N_RB × 12 subcarriers × SCS.
    public static func occupiedBandwidthMHz(_ profile: RadioProfile) -> Double {
        Double(profile.resourceBlockCount) * 12 * profile.subcarrierSpacingKHz / 1_000
    }

    /// One sector's peak downlink Mbps (load target not applied).
    public static func sectorPeakMbps(_ profile: RadioProfile, settings: CapacitySettings) -> Double {
        occupiedBandwidthMHz(profile) * settings.spectralEfficiency.bitsPerSecondPerHertz(sinrDB: settings.sinrDB)
            * settings.mimoLayers * settings.downlinkShare
    }

    /// The site's capacity in Mbps at the load target.
    public static func mbps(_ profile: RadioProfile, settings: CapacitySettings) -> Double {
        Double(sectors(profile)) * sectorPeakMbps(profile, settings: settings) * settings.loadTarget
    }
}
