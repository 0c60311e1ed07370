import MMDomain
import Foundation
import MMStore

/// A symmetric department-by-department heatmap of new ties: darker blue for more ties (a
/// single-hue scale, readable with any colour vision), hatched grey with "<k" for suppressed
/// cells, empty for pairs without ties. Sized to its departments: full names on both axes, the
/// whole title, and a legend saying what the shades, "<k" (the small-group threshold read from
/// the database) and empty cells mean.
public struct SVGHeatmap: Sendable {
    public let title: String
    public let cells: [ReportData.DepartmentTie]
    public let threshold: Int

    public init(title: String, cells: [ReportData.DepartmentTie], threshold: Int) {
        self.title = title
        self.cells = cells
        self.threshold = threshold
    }

    static let scale = ["#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c"]

    /// Department names, in order.
    var departments: [String] {
        Array(Set(cells.flatMap { [$0.first, $0.second] })).sorted()
    }

    /// Approximate widths of one character of the 10 px label font and of the 13 px bold title.
    static let characterWidth = 6.3, titleCharacterWidth = 8.4
    /// How much larger than its drawing units the heatmap is shown (narrower pages scale it down).
    static let displayScale = 1.5
    /// The side of one cell, and the angle of the column labels.
    static let cellSize = 26.0, labelAngle = 55.0

    /// The drawing's geometry, from its labels: room for the longest name on the left and,
    /// rotated, above the grid and past its right edge, and for the title and the legend.
    struct Layout {
        let left: Double, top: Double, grid: Double, width: Double, height: Double
        /// Where the legend's rows start.
        var legendTop: Double { top + grid + 18 }
    }

    func layout(_ names: [String], legend: [String]) -> Layout {
        let longest = Double(names.map(\.count).max() ?? 0) * Self.characterWidth
        let angle = Self.labelAngle * .pi / 180
        let left = max(60, longest + 12)
        let top = 30 + longest * sin(angle) + 10
        let grid = Self.cellSize * Double(names.count)
        let overhang = max(0, longest * cos(angle) - Self.cellSize / 2)
        let legendWidth = legend.map { Double($0.count) * Self.characterWidth + 40 }.max() ?? 0
        let width = max(left + grid + overhang + 10, Double(title.count) * Self.titleCharacterWidth + 12, legendWidth + 8)
        let height = top + grid + 18 + 18 * Double(legend.count) + 6
        return Layout(left: left, top: top, grid: grid, width: width.rounded(.up), height: height.rounded(.up))
    }

    /// The legend's rows: the colour scale, what "<k" means, and an empty cell.
    func legendTexts(largest: Int) -> [String] {
        ["New ties in the month: light 1 … dark \(largest)",
         "<\(threshold): fewer than \(threshold) people; not shown, to protect their privacy",
         "Empty: no new ties"]
    }

    public var svg: String {
        let names = departments
        let size = Self.cellSize
        let largest = cells.compactMap(\.ties).max() ?? 1
        let legend = legendTexts(largest: largest)
        let frame = layout(names, legend: legend)
        let left = frame.left, top = frame.top
        var lookup: [String: ReportData.DepartmentTie] = [:]
        for cell in cells {
            lookup["\(cell.first)\u{1}\(cell.second)"] = cell
            lookup["\(cell.second)\u{1}\(cell.first)"] = cell
        }
        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(Int(frame.width)) \(Int(frame.height))" \
            width="\(Int(frame.width * Self.displayScale))" height="\(Int(frame.height * Self.displayScale))" role="img" \
            aria-label="\(Formatting.html(title))" font-family="system-ui, sans-serif" font-size="10">
            <title>\(Formatting.html(title))</title>
            <defs><pattern id="hatch" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">\
            <rect width="4" height="4" fill="#eee"/><line x1="0" y1="0" x2="0" y2="4" stroke="#bbb" stroke-width="1.5"/></pattern></defs>
            <text x="4" y="16" font-size="13" font-weight="600" fill="#222">\(Formatting.html(title))</text>

            """
        for (index, name) in names.enumerated() {
            let y = top + size * Double(index) + size / 2 + 3
            out += "<text x=\"\(left - 6)\" y=\"\(y)\" text-anchor=\"end\" fill=\"#444\">\(Formatting.html(name))</text>\n"
            let x = left + size * Double(index) + size / 2
            out += "<text transform=\"translate(\(x),\(top - 6)) rotate(-\(Int(Self.labelAngle)))\" fill=\"#444\">\(Formatting.html(name))</text>\n"
        }
        for (row, first) in names.enumerated() {
            for (column, second) in names.enumerated() {
                let x = left + size * Double(column), y = top + size * Double(row)
                guard let cell = lookup["\(first)\u{1}\(second)"] else {
                    out += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(size - 1)\" height=\"\(size - 1)\" fill=\"#fafafa\"/>\n"
                    continue
                }
                guard let ties = cell.ties else {
                    out += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(size - 1)\" height=\"\(size - 1)\" fill=\"url(#hatch)\"/>"
                    out += "<text x=\"\(x + size / 2)\" y=\"\(y + size / 2 + 3)\" text-anchor=\"middle\" fill=\"#666\" font-size=\"8\">&lt;\(threshold)</text>\n"
                    continue
                }
                let shade = Self.scale[min(Self.scale.count - 1, Int(Double(ties) / Double(max(largest, 1)) * Double(Self.scale.count - 1)))]
                let ink = ties * 2 > largest ? "#fff" : "#222"
                out += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(size - 1)\" height=\"\(size - 1)\" fill=\"\(shade)\"><title>\(Formatting.html(first)) – \(Formatting.html(second)): \(ties)</title></rect>"
                out += "<text x=\"\(x + size / 2)\" y=\"\(y + size / 2 + 3)\" text-anchor=\"middle\" fill=\"\(ink)\" font-size=\"8\">\(ties)</text>\n"
            }
        }
        // The legend: the scale's ends, the hatched "<k" cell and an empty cell.
        var y = frame.legendTop
        for (index, shade) in Self.scale.enumerated() {
            out += "<rect x=\"\(4 + Double(index) * 4)\" y=\"\(y)\" width=\"4\" height=\"12\" fill=\"\(shade)\"/>"
        }
        out += "<text x=\"36\" y=\"\(y + 10)\" fill=\"#444\">\(Formatting.html(legend[0]))</text>\n"
        y += 18
        out += "<rect x=\"4\" y=\"\(y)\" width=\"28\" height=\"12\" fill=\"url(#hatch)\"/>"
        out += "<text x=\"36\" y=\"\(y + 10)\" fill=\"#444\">\(Formatting.html(legend[1]))</text>\n"
        y += 18
        out += "<rect x=\"4\" y=\"\(y)\" width=\"28\" height=\"12\" fill=\"#fafafa\" stroke=\"#ddd\"/>"
        out += "<text x=\"36\" y=\"\(y + 10)\" fill=\"#444\">\(Formatting.html(legend[2]))</text>\n"
        return out + "</svg>"
    }
}
