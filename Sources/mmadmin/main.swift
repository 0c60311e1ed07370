import Foundation
import MMAdminCLI

MMAdmin.runMain()
