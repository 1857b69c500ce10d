import Dispatch
import Foundation
import Planning
import Support

#if canImport(Glibc)
    import Glibc
#endif

/// Progress on standard error while a run works: a redrawn bar with counts and an ETA when stderr
/// is a terminal, one line per stage otherwise (logs, CI), nothing with `--quiet`.
///
/// Stages with counts (`coverage`: sites, `field`: cells) draw `[#####-----] 1 234/5 000 sites 25% ETA 0:12`;
/// stages without (the solver and the continuity analysis report no counts) show the elapsed time,
/// and for `solve` its time limit. The bar is redrawn at most 10 times a second from a timer, so
/// the pipeline's callbacks only store numbers.
final class ProgressDisplay: @unchecked Sendable {
    enum Mode {
        /// Nothing at all (`--quiet`).
        case quiet
        /// `nrplan: STAGE ...` lines (stderr is not a terminal).
        case lines
        /// A bar redrawn in place (stderr is a terminal).
        case bar
    }

    let mode: Mode
    /// Shown with the `solve` stage ("limit 120 s").
    let solverTimeLimitSeconds: Double?
    private let lock = NSLock()
    private var stage: String?
    private var stageStart = DispatchTime.now()
    private var progress: StageProgress?
    private var timer: (any DispatchSourceTimer)?
    private var lineOpen = false

    /// The mode for this process: quiet when asked, a bar when stderr is a terminal
    /// (`NRPLAN_PROGRESS=bar|lines` overrides the detection).
    static func mode(quiet: Bool) -> Mode {
        if quiet { return .quiet }
        switch ProcessInfo.processInfo.environment["NRPLAN_PROGRESS"] {
        case "bar": return .bar
        case "lines": return .lines
        default: return isatty(STDERR_FILENO) == 1 ? .bar : .lines
        }
    }

    init(mode: Mode, solverTimeLimitSeconds: Double? = nil) {
        self.mode = mode
        self.solverTimeLimitSeconds = solverTimeLimitSeconds
    }

    /// The callbacks for `PlanOptions`.
    var onStage: (@Sendable (String) -> Void)? {
        guard mode != .quiet else { return nil }
        return { @Sendable [self] name in self.begin(name) }
    }
    var onProgress: (@Sendable (StageProgress) -> Void)? {
        guard mode == .bar else { return nil }
        return { @Sendable [self] progress in self.update(progress) }
    }

    /// A new stage starts.
    func begin(_ name: String) {
        switch mode {
        case .quiet: return
        case .lines: printError("nrplan: \(name) ...")
        case .bar:
            lock.withLock {
                finishLineLocked()
                stage = name
                stageStart = DispatchTime.now()
                progress = nil
                drawLocked()
                if timer == nil {
                    let source = DispatchSource.makeTimerSource(queue: .global())
                    source.schedule(deadline: .now() + 0.1, repeating: 0.1)
                    source.setEventHandler { [weak self] in self?.tick() }
                    source.resume()
                    timer = source
                }
            }
        }
    }

    /// Counts of the current stage (stored; drawn by the timer).
    func update(_ progress: StageProgress) {
        lock.withLock { if progress.stage == stage { self.progress = progress } }
    }

    /// Ends the display: the last stage's line is completed with its time (or marked as
    /// interrupted), the timer stops. Call before printing anything else to stderr or stdout.
    func finish(interrupted: Bool = false) {
        guard mode == .bar else { return }
        lock.withLock {
            timer?.cancel()
            timer = nil
            finishLineLocked(interrupted: interrupted)
            stage = nil
        }
    }

    private func tick() {
        lock.withLock { drawLocked() }
    }

    private func finishLineLocked(interrupted: Bool = false) {
        guard lineOpen, let stage else { return }
        let seconds = Self.seconds(since: stageStart)
        write(
            "\r\u{1B}[K" + "nrplan: \(stage) \(interrupted ? "interrupted after" : "done in") \(Self.clock(seconds))\n")
        lineOpen = false
    }

    private func drawLocked() {
        guard let stage else { return }
        let elapsed = Self.seconds(since: stageStart)
        var line = "nrplan: \(stage) "
        if let progress, progress.total > 0 {
            let width = 24
            let filled = Int((progress.fraction * Double(width)).rounded(.down))
            line += "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] "
            line +=
                "\(Self.grouped(progress.completed))/\(Self.grouped(progress.total)) \(progress.unit) \(Int(progress.fraction * 100))%"
            if progress.completed > 0 && progress.completed < progress.total {
                let remaining = elapsed * Double(progress.total - progress.completed) / Double(progress.completed)
                line += " ETA \(Self.clock(remaining))"
            }
        } else {
            line += Self.clock(elapsed)
            if stage == "solve", let limit = solverTimeLimitSeconds, limit.isFinite {
                line += " (time limit \(Self.clock(limit)))"
            }
        }
        write("\r\u{1B}[K" + line)
        lineOpen = true
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    static func seconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }

    /// `m:ss` (or `h:mm:ss`); under 10 s with one decimal (`4.2 s`).
    static func clock(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "?" }
        if seconds < 10 { return Precision.tenths.fixed(seconds) + " s" }
        let total = Int(seconds.rounded())
        let (h, m, s) = (total / 3600, total / 60 % 60, total % 60)
        return h > 0 ? String(format: "%d:%02d:%02d", h, m, s) : String(format: "%d:%02d", m, s)
    }

    /// 12345 → "12,345".
    static func grouped(_ value: Int) -> String {
        let digits = String(value)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(ch)
        }
        return out
    }
}
