import Planning

extension ReportMarkdown {
    /// `## Inputs`: every file the run read, with its role, size and SHA-256, so an auditor can
    /// check with `sha256sum FILE` that the figures above were computed from the files they hold.
    public static func inputs(_ files: [InputFile]) -> [String] {
        guard !files.isEmpty else { return [] }
        var lines = [
            "## Inputs", "",
            "The files this run read; `sha256sum FILE` prints the same SHA-256 for an unchanged file.", "",
            "| file | role | bytes | SHA-256 |", "| --- | --- | ---: | --- |",
        ]
        for file in files {
            lines.append(
                "| \(escapeCell(file.name)) | \(escapeCell(file.role)) | \(file.bytes) | `\(file.sha256)` |")
        }
        lines.append("")
        return lines
    }
}
