import MMDomain

#if canImport(Glibc)
// C's `stdout` is a mutable global; only the main thread prints and flushes it.
@preconcurrency import Glibc
#endif

/// Standard input and output as the contract needs them: output that could not be written is
/// an error (exit 74), never a silent success.
enum StandardStreams {
    /// Makes sure descriptors 0–2 are open. A process started with one closed would otherwise
    /// hand that number to the next file or database socket it opens, and printing would write
    /// into it. The placeholder is opened for the wrong direction, so using it fails loudly:
    /// reading a closed standard input, or writing a closed standard output, is an error.
    static func guardClosedDescriptors() {
        for (descriptor, mode) in [(STDIN_FILENO, O_WRONLY), (STDOUT_FILENO, O_RDONLY), (STDERR_FILENO, O_RDONLY)]
        where fcntl(descriptor, F_GETFD) == -1 && errno == EBADF {
            let placeholder = open("/dev/null", mode)
            if placeholder >= 0, placeholder != descriptor {
                dup2(placeholder, descriptor)
                close(placeholder)
            }
        }
    }

    /// Flushes standard output; throws when anything printed could not be written.
    static func flushOutput() throws {
        let flushed = fflush(stdout) == 0
        let failure = errno
        guard flushed, ferror(stdout) == 0 else {
            throw MMError(.unwritableOutput, "The output could not be written.",
                          details: [String(cString: strerror(flushed ? EIO : failure))])
        }
    }
}
