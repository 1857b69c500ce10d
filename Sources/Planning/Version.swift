/// nrplan's version, printed by `nrplan --version` and written into every `summary.json`.
public enum NRPlanVersion {
    public static let string = "0.1.0"
}
