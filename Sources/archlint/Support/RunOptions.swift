import ArchlintFindings
import ArchlintModel
import ArchlintPipeline
import ArgumentParser
import Foundation

/// Which configuration file applies: `--config FILE`, none (`--no-config`), or the nearest
/// `.archlint.yml` found from the specs' folder (then the working directory) up to the
/// repository root.
struct ConfigOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp("Configuration file (default: the nearest .archlint.yml above the specs, up to the repository root).", valueName: "file"),
        completion: .file(extensions: ["yml", "yaml"]))
    var config: String?

    @Flag(name: .customLong("no-config"), help: "Ignore any configuration file.")
    var noConfig = false

    func validate() throws {
        if config != nil, noConfig {
            throw ValidationError("--config and --no-config contradict each other; give one")
        }
    }

    var choice: RunRequest.ConfigurationChoice {
        if let config { return .file(config) }
        return noConfig ? .none : .nearest
    }
}

/// What decides which rules run and what fails the gate. `check`, `report` and `graph` take
/// the same options, so a page or a diagram judges the specs exactly as the CI gate does.
struct GateOptions: ParsableArguments {
    @Option(name: .customLong("fail-on"), help: "Lowest severity that fails the run: error (default), warning, info or none.")
    var failOn: FailOn?

    @OptionGroup var configFile: ConfigOptions

    @Option(help: ArgumentHelp("A folder of additional rule packs (repeatable).", valueName: "dir"), completion: .directory)
    var rules: [String] = []

    @Option(help: ArgumentHelp("Findings recorded in this file do not fail the run.", valueName: "file"), completion: .file())
    var baseline: String?
}

extension RunRequest {
    /// The run the command line asks for, on today's date (`ARCHLINT_TODAY` overrides it)
    /// and the process's clock.
    init(inputs: SpecInputs, gate: GateOptions) {
        self.init(
            specs: .paths(inputs.paths, exclude: inputs.exclude), today: Today.date(), clock: .fromEnvironment(),
            limits: inputs.limits, configuration: gate.configFile.choice, rulePacks: gate.rules,
            failOn: gate.failOn.map(\.severity), baseline: gate.baseline)
    }
}

/// The day waivers are judged against: today (UTC), or `ARCHLINT_TODAY=YYYY-MM-DD` for
/// reproducible runs.
enum Today {
    static func date() -> CalendarDate {
        if let text = ProcessInfo.processInfo.environment["ARCHLINT_TODAY"], let date = CalendarDate(iso: text) { return date }
        // Counted from the epoch rather than through Calendar, whose set-up was a noticeable
        // part of start-up; floor, so an instant before 1970 belongs to the day before.
        let days = Int((Date().timeIntervalSince1970 / 86_400).rounded(.down))
        return CalendarDate(daysSince1970: days)!
    }
}

extension RunClock {
    /// Now, on this host; `SOURCE_DATE_EPOCH` fixes the time (and zeroes durations) so that
    /// reports are byte-for-byte reproducible.
    static func fromEnvironment() -> RunClock {
        RunClock(
            start: Date(), reproducibleEpoch: ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"].flatMap(TimeInterval.init),
            hostName: { ProcessInfo.processInfo.hostName })
    }
}

/// The exit statuses, as every command's help states them; `ExitStatus.decide` is where a
/// run's outcome becomes one.
extension ExitStatus {
    static let table = """
        Exit status:
          0  no finding at or above --fail-on that is not waived or in the baseline
          1  at least one such finding
          2  a spec, configuration or rule pack could not be loaded, or the command line
             is wrong (every readable spec is still checked and reported)
        """
}
