/// Reporting module.
public enum ReportingModule {}
