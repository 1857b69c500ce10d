/// Radio: propagation models, antenna patterns and link budgets (Foundation only).
public enum Radio {}
