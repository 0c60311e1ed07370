import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The operating-system user this process acts as.
public enum EffectiveUser {
    /// The name of the process's effective OS user, from the user database rather than `$USER`
    /// (which cron jobs, containers and `sudo` leave unset or stale); the numeric id when the
    /// user has no name.
    public static var name: String {
        let uid = geteuid()
        guard let entry = getpwuid(uid), let name = entry.pointee.pw_name else { return String(uid) }
        return String(cString: name)
    }
}
