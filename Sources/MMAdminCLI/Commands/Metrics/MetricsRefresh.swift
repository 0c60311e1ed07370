import MMCalendar
import MMDomain
import ArgumentParser
import Foundation
import MMMetrics

struct MetricsRefresh: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refresh", abstract: "Recompute the stored network metrics if anything changed.",
        discussion: "The participation metrics are views and always current; network_monthly is computed and stored.")
    @Flag(help: "Recompute even when nothing changed.") var force = false
    @OptionGroup var connection: ConnectionOptions

    func run() throws {
        switch try NetworkRefresher(connection: connection.connect()).refresh(force: force) {
        case .upToDate: print("The network metrics are up to date.")
        case .refreshed(let months): print("Recomputed the network metrics for \(months) month\(months == 1 ? "" : "s").")
        }
    }
}
