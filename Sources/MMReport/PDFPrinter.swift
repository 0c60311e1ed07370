import Foundation
import MMDomain

/// Prints a report's HTML to PDF with headless Chromium (Debian's package `chromium`), which
/// lays it out with the report's print styles (A4, charts kept whole). The HTML has no scripts
/// and no external resources; Chromium runs with a throwaway profile and its output is checked
/// to be a PDF.
public struct PDFPrinter: Sendable {
    /// The Debian package to install when no browser is found.
    public static let package = "chromium"
    /// Program names looked up on `PATH`, in order.
    public static let programNames = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]
    /// The environment variable that names the browser explicitly.
    public static let environmentVariable = "MMADMIN_CHROMIUM"

    /// The browser's executable.
    public let executable: URL
    /// How long printing may take before it is given up.
    public var timeoutSeconds: Double = 120

    public init(executable: URL) {
        self.executable = executable
    }

    /// The browser named by `MMADMIN_CHROMIUM`, else the first of `programNames` on `PATH`;
    /// none is an unavailable error naming the package to install.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) throws(MMError) -> PDFPrinter {
        let manager = FileManager.default
        if let configured = environment[environmentVariable], !configured.isEmpty {
            guard manager.isExecutableFile(atPath: configured) else {
                throw MMError(.unavailable, "PDF reports need headless Chromium, and \(environmentVariable) names no program.",
                              details: ["\(environmentVariable)=\(configured)", "Install the Debian package \(package) (apt-get install \(package)) or fix the variable."])
            }
            return PDFPrinter(executable: URL(fileURLWithPath: configured))
        }
        let folders = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map(String.init)
        for name in programNames {
            for folder in folders where manager.isExecutableFile(atPath: "\(folder)/\(name)") {
                return PDFPrinter(executable: URL(fileURLWithPath: "\(folder)/\(name)"))
            }
        }
        throw MMError(.unavailable, "PDF reports need headless Chromium, which is not installed.",
                      details: ["Install the Debian package \(package): apt-get install \(package)",
                                "Or write HTML (--format html) and print it from a browser."])
    }

    /// Prints `html` and returns the PDF's bytes.
    public func print(html: String) throws(MMError) -> Data {
        let manager = FileManager.default
        let folder = manager.temporaryDirectory.appendingPathComponent("mmadmin-pdf-\(UUID().uuidString)")
        defer { try? manager.removeItem(at: folder) }
        let page = folder.appendingPathComponent("report.html"), pdf = folder.appendingPathComponent("report.pdf")
        let log = folder.appendingPathComponent("chromium.log")
        let process = Process()
        do {
            try manager.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try Data(html.utf8).write(to: page)
            try Data().write(to: log)
            process.executableURL = executable
            process.arguments = [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-extensions", "--no-first-run",
                "--user-data-dir=\(folder.appendingPathComponent("profile").path)",
                "--no-pdf-header-footer", "--print-to-pdf=\(pdf.path)", page.absoluteString,
            ]
            let output = try FileHandle(forWritingTo: log)
            process.standardOutput = output
            process.standardError = output
            process.standardInput = FileHandle.nullDevice
            try process.run()
        } catch {
            throw MMError(.unavailable, "Cannot start headless Chromium to print the PDF.",
                          details: [executable.path, error.localizedDescription])
        }
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            throw MMError(.unavailable, "Headless Chromium did not print the PDF within \(Int(timeoutSeconds)) seconds.")
        }
        guard let data = try? Data(contentsOf: pdf), data.starts(with: Data("%PDF".utf8)) else {
            let lines = ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(whereSeparator: \.isNewline).suffix(3).map(String.init)
            throw MMError(.internalError, "Headless Chromium did not write a PDF (exit status \(process.terminationStatus)).",
                          details: [executable.path] + lines)
        }
        return data
    }
}
