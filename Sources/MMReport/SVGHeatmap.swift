import MMDomain
import Foundation
import MMStore

/// A symmetric department-by-department heatmap of new ties: darker blue for more ties (a
/// single-hue scale, readable with any colour vision), hatched grey with "<k" for suppressed
/// cells, empty for pairs without ties.
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

    /// Department names, in order, shortened for the axes.
    var departments: [String] {
        Array(Set(cells.flatMap { [$0.first, $0.second] })).sorted()
    }

    static func short(_ name: String) -> String {
        name.count <= 16 ? name : String(name.prefix(15)) + "…"
    }

    public var svg: String {
        let names = departments
        let size = 26.0, left = 130.0, top = 130.0
        let width = left + size * Double(names.count) + 10, height = top + size * Double(names.count) + 10
        let largest = cells.compactMap(\.ties).max() ?? 1
        var lookup: [String: ReportData.DepartmentTie] = [:]
        for cell in cells {
            lookup["\(cell.first)\u{1}\(cell.second)"] = cell
            lookup["\(cell.second)\u{1}\(cell.first)"] = cell
        }
        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" \
            aria-label="\(Formatting.html(title))" font-family="system-ui, sans-serif" font-size="10">
            <title>\(Formatting.html(title))</title>
            <defs><pattern id="hatch" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">\
            <rect width="4" height="4" fill="#eee"/><line x1="0" y1="0" x2="0" y2="4" stroke="#bbb" stroke-width="1.5"/></pattern></defs>
            <text x="4" y="14" font-size="13" font-weight="600" fill="#222">\(Formatting.html(title))</text>

            """
        for (index, name) in names.enumerated() {
            let y = top + size * Double(index) + size / 2 + 3
            out += "<text x=\"\(left - 6)\" y=\"\(y)\" text-anchor=\"end\" fill=\"#444\">\(Formatting.html(Self.short(name)))</text>\n"
            let x = left + size * Double(index) + size / 2
            out += "<text transform=\"translate(\(x),\(top - 6)) rotate(-55)\" fill=\"#444\">\(Formatting.html(Self.short(name)))</text>\n"
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
        return out + "</svg>"
    }
}
