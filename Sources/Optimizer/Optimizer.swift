/// Optimizer: covering problems on an abstract sparse matrix (never geometry).
public enum Optimizer {}
