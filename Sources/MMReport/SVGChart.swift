import MMDomain
import Foundation

/// A small self-contained SVG chart (lines or bars) with axes, ticks, labels and a legend,
/// drawn in the Okabe–Ito colour-blind-safe palette. No scripts, no external resources.
public struct SVGChart: Sendable {
    public enum Kind: Sendable { case line, bar }

    public struct Series: Sendable {
        public let name: String
        public let values: [Double?]

        public init(_ name: String, _ values: [Double?]) {
            self.name = name
            self.values = values
        }
    }

    public static let palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00"]

    public let title: String
    public let labels: [String]
    public let series: [Series]
    public let kind: Kind
    /// Values are fractions shown as percentages.
    public let percent: Bool
    /// The drawing's size in its own units. Small enough that its 13-unit text stays legible
    /// when two charts share the width of an A4 page (about 7 pt).
    public let width = 480.0
    public let height = 230.0
    let margin = (top: 52.0, right: 14.0, bottom: 30.0, left: 52.0)
    /// Approximate width of one character of the 13 px label font.
    public static let characterWidth = 7.8

    public init(title: String, labels: [String], series: [Series], kind: Kind = .line, percent: Bool = false) {
        self.title = title
        self.labels = labels
        self.series = series
        self.kind = kind
        self.percent = percent
    }

    var plotWidth: Double { width - margin.left - margin.right }
    var plotHeight: Double { height - margin.top - margin.bottom }

    /// Tick values for the y axis: 0 up to a round number at or above the largest value.
    var ticks: [Double] {
        let largest = series.flatMap { $0.values.compactMap { $0 } }.max() ?? 0
        guard largest > 0 else { return percent ? [0, 0.5, 1] : [0, 1] }
        let rough = largest / 4
        let magnitude = pow(10, floor(log10(rough)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= rough } ?? rough
        let top = ceil(largest / step) * step
        return stride(from: 0, through: top + step / 2, by: step).map { $0 }
    }

    /// The months (slots) for which no series has a value: drawn shaded and labelled "no data".
    public var emptySlots: [Int] {
        labels.indices.filter { index in series.allSatisfy { index >= $0.values.count || $0.values[index] == nil } }
    }

    /// The x labels that are drawn: every k-th, so that no two overlap.
    public var visibleLabelIndices: [Int] {
        guard !labels.isEmpty else { return [] }
        let longest = Double(labels.map(\.count).max() ?? 0) * Self.characterWidth + 8
        let spacing = plotWidth / Double(labels.count)
        let every = max(1, Int(ceil(longest / spacing)))
        // Always keep the last (the report month).
        return Array(stride(from: (labels.count - 1) % every, to: labels.count, by: every))
    }

    func x(_ index: Int) -> Double {
        margin.left + plotWidth * (Double(index) + 0.5) / Double(max(labels.count, 1))
    }

    func y(_ value: Double) -> Double {
        let top = ticks.last ?? 1
        return margin.top + plotHeight * (1 - value / (top == 0 ? 1 : top))
    }

    func tickText(_ value: Double) -> String {
        percent ? String(format: "%.0f %%", value * 100) : Formatting.number(value)
    }

    public var svg: String {
        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" \
            aria-label="\(Formatting.html(title))" font-family="system-ui, sans-serif" font-size="13">
            <title>\(Formatting.html(title))</title>
            <text x="4" y="17" font-size="15" font-weight="600" fill="#222">\(Formatting.html(title))</text>

            """
        for tick in ticks {
            let position = y(tick)
            out += "<line x1=\"\(margin.left)\" x2=\"\(width - margin.right)\" y1=\"\(fmt(position))\" y2=\"\(fmt(position))\" stroke=\"#ddd\"/>\n"
            out += "<text x=\"\(margin.left - 6)\" y=\"\(fmt(position + 4))\" text-anchor=\"end\" fill=\"#555\">\(tickText(tick))</text>\n"
        }
        out += "<line x1=\"\(margin.left)\" x2=\"\(width - margin.right)\" y1=\"\(fmt(y(0)))\" y2=\"\(fmt(y(0)))\" stroke=\"#888\"/>\n"
        for index in visibleLabelIndices {
            out += "<text x=\"\(fmt(x(index)))\" y=\"\(fmt(height - margin.bottom + 16))\" text-anchor=\"middle\" fill=\"#555\">\(Formatting.html(labels[index]))</text>\n"
        }
        let slot = plotWidth / Double(max(labels.count, 1))
        let empty = emptySlots
        for index in empty {
            out += "<rect x=\"\(fmt(x(index) - slot / 2))\" y=\"\(fmt(margin.top))\" width=\"\(fmt(slot))\" height=\"\(fmt(plotHeight))\" fill=\"#f2f2f2\"/>\n"
        }
        if !empty.isEmpty {
            // One "no data" label over the first run of empty months.
            let run = empty.prefix { $0 - empty[0] == empty.firstIndex(of: $0)! }
            let centre = (x(run.first!) + x(run.last!)) / 2
            out += "<text x=\"\(fmt(centre))\" y=\"\(fmt(margin.top + plotHeight / 2))\" text-anchor=\"middle\" fill=\"#777\">no data</text>\n"
        }
        let barWidth = slot * 0.7 / Double(max(series.count, 1))
        for (seriesIndex, line) in series.enumerated() {
            let colour = Self.palette[seriesIndex % Self.palette.count]
            switch kind {
            case .line:
                var path = ""
                for (index, value) in line.values.enumerated() {
                    guard let value else { continue }
                    path += (path.isEmpty ? "M" : " L") + "\(fmt(x(index))),\(fmt(y(value)))"
                    out += "<circle cx=\"\(fmt(x(index)))\" cy=\"\(fmt(y(value)))\" r=\"2.5\" fill=\"\(colour)\"/>\n"
                }
                if !path.isEmpty { out += "<path d=\"\(path)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\"/>\n" }
            case .bar:
                for (index, value) in line.values.enumerated() {
                    guard let value, value > 0 else { continue }
                    let left = x(index) - slot * 0.35 + barWidth * Double(seriesIndex)
                    out += "<rect x=\"\(fmt(left))\" y=\"\(fmt(y(value)))\" width=\"\(fmt(barWidth))\" height=\"\(fmt(y(0) - y(value)))\" fill=\"\(colour)\"/>\n"
                }
            }
            // Legend entries sit in a row under the title, each after the previous one's text.
            let legendX = 4 + series.prefix(seriesIndex).reduce(0.0) { $0 + Double($1.name.count) * Self.characterWidth + 30 }
            out += "<rect x=\"\(fmt(legendX))\" y=\"26\" width=\"11\" height=\"11\" fill=\"\(colour)\"/>"
            out += "<text x=\"\(fmt(legendX + 15))\" y=\"36\" fill=\"#333\">\(Formatting.html(line.name))</text>\n"
        }
        return out + "</svg>"
    }

    private func fmt(_ value: Double) -> String { String(format: "%.1f", value) }
}
