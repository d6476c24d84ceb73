import ArchlintFindings
import ArchlintLoad
import ArchlintModel
import ArchlintRules
import Foundation

/// Everything one run depends on, given by the caller: which specs, which configuration, the
/// rules, the gate, the baseline, which reports are wanted, and the day and clock. The run
/// reads nothing else from its environment, so a test gets the same result on any day.
public struct RunRequest: Sendable {
    /// The specs to read.
    public enum Specs: Sendable {
        /// Files and folders on disk, as given (relative to the working directory). None
        /// means the configuration's `specs`, else `specs`. `exclude` adds to the
        /// configuration's patterns.
        case paths([String], exclude: [String] = [])
        /// Specs held in memory (the fuzz target, tests): the same phases, no discovery,
        /// and paths printed as given (the repository root is the working directory).
        case documents([(path: String, bytes: [UInt8])])
    }

    /// Which configuration file applies.
    public enum ConfigurationChoice: Sendable {
        /// The nearest `.archlint.yml` from the first spec path's folder, then from the
        /// working directory, up to the repository root.
        case nearest
        /// This file (`--config`).
        case file(String)
        /// None (`--no-config`).
        case none
    }

    public var specs: Specs
    public var limits: LoadLimits
    /// The packs to start from; nil: the built-in ones, read when the run starts. A caller
    /// running many inputs (the fuzz target) reads them once and passes them here.
    public var catalog: RuleCatalog?
    public var configuration: ConfigurationChoice
    /// Folders of rule packs beyond the built-in ones and the configuration's (`--rules`).
    public var rulePacks: [String]
    /// The gate, when the caller sets it (`--fail-on`; `.some(nil)` is `none`); otherwise the
    /// configuration's, else `error`.
    public var failOn: Severity??
    /// A baseline to apply instead of the configuration's (`--baseline`).
    public var baseline: String?
    /// Record today's findings as a baseline at this path instead of applying one
    /// (`--write-baseline`). The run returns the file's text; the caller writes it.
    public var recordBaseline: String?
    /// Report files the caller asks for by path (`--junit`, `--sarif`); they take the place
    /// of the configuration's report of the same format.
    public var reportFiles: [ReportFormat: String]
    /// Also the reports the configuration names (`--reports`), if the run covers every spec
    /// it selects.
    public var configuredReports: Bool
    /// The format the caller will print, if any, so the run keeps what it needs (JUnit
    /// needs every evaluation, passes included).
    public var printed: ReportFormat?
    /// The day waivers expire against.
    public var today: CalendarDate
    /// When the run started, for JUnit.
    public var clock: RunClock
    /// What relative paths mean.
    public var workingDirectory: String
    /// A Terraform plan to compare the specs with (`archlint drift`): the run then runs only
    /// the drift pack's rules. Without one, those rules are left out.
    public var terraform: TerraformInput?
    /// Bytes that take the place of spec files on disk, by path as printed (relative to the
    /// repository root): an editor's unsaved buffers. Only with `.paths`; discovery still
    /// decides which files are read.
    public var overlays: [String: [UInt8]] = [:]

    public init(
        specs: Specs, today: CalendarDate, clock: RunClock, limits: LoadLimits = .default,
        catalog: RuleCatalog? = nil, configuration: ConfigurationChoice = .nearest, rulePacks: [String] = [], failOn: Severity?? = nil,
        baseline: String? = nil, recordBaseline: String? = nil, reportFiles: [ReportFormat: String] = [:],
        configuredReports: Bool = false, printed: ReportFormat? = nil,
        workingDirectory: String = RepositoryRoot.currentDirectory()
    ) {
        self.specs = specs
        self.today = today
        self.clock = clock
        self.limits = limits
        self.catalog = catalog
        self.configuration = configuration
        self.rulePacks = rulePacks
        self.failOn = failOn
        self.baseline = baseline
        self.recordBaseline = recordBaseline
        self.reportFiles = reportFiles
        self.configuredReports = configuredReports
        self.printed = printed
        self.workingDirectory = workingDirectory
    }
}

/// The plan `archlint drift` compares, and the stack-environment whose spec it describes.
public struct TerraformInput: Sendable {
    /// The plan's JSON: a file (as the user typed it), or bytes held in memory (a rule's
    /// example, tests) named by `path`.
    public enum Plan: Sendable {
        case file(String)
        case bytes(path: String, [UInt8])

        /// The plan as errors and reports name it.
        public var path: String {
            switch self {
            case .file(let path), .bytes(let path, _): path
            }
        }
    }

    public var plan: Plan
    public var stackEnvironment: StackEnvironment

    public init(plan: Plan, stackEnvironment: StackEnvironment) {
        self.plan = plan
        self.stackEnvironment = stackEnvironment
    }
}

/// When and where the run happened, for JUnit. The command line makes it from the process's
/// environment (`SOURCE_DATE_EPOCH` fixes the time and zeroes durations so that reports are
/// byte-for-byte reproducible); tests give a fixed one.
public struct RunClock: Sendable {
    public let start: Date
    public let reproducibleEpoch: TimeInterval?
    /// Asked only when a JUnit report is rendered: looking the host up may take a moment.
    private let lookUpHostName: @Sendable () -> String
    private let now: @Sendable () -> Date

    public init(
        start: Date, reproducibleEpoch: TimeInterval?, hostName: @escaping @Sendable () -> String,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.start = start
        self.reproducibleEpoch = reproducibleEpoch
        self.lookUpHostName = hostName
        self.now = now
    }

    /// A clock whose every reading is `epoch` (seconds since 1970): the same bytes every time.
    public static func fixed(epoch: TimeInterval) -> RunClock {
        RunClock(start: Date(timeIntervalSince1970: epoch), reproducibleEpoch: epoch, hostName: { "localhost" })
    }

    public var timestamp: String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
        if let epoch = reproducibleEpoch {
            // UTC, so that the same epoch gives the same bytes on every machine.
            formatter.timeZone = TimeZone(identifier: "UTC")
            return formatter.string(from: Date(timeIntervalSince1970: epoch))
        }
        formatter.timeZone = TimeZone.current
        return formatter.string(from: start)
    }

    public var elapsed: Double { reproducibleEpoch == nil ? now().timeIntervalSince(start) : 0 }

    /// The host, or `localhost` for reproducible reports (the same bytes on every machine).
    public var hostname: String {
        if reproducibleEpoch != nil { return "localhost" }
        let name = lookUpHostName()
        return name.isEmpty ? "localhost" : name
    }
}
