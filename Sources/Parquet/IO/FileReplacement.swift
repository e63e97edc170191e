#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Moves a finished temporary file onto its destination in one atomic step: a reader of the
/// destination sees the earlier file or the new one, never a mix or nothing.
///
/// On Linux an existing destination is swapped with the temporary file
/// (`renameat2(RENAME_EXCHANGE)`) and the earlier file, now under the temporary name, is then
/// removed (only a regular file or a symbolic link is swapped). A plain `rename` over an existing file makes ext4 (`auto_da_alloc`) start writing the
/// whole new file to disk inside the call — 0.17 s for a 280 MB export — which the swap does
/// not. Where the swap is unavailable (no destination yet, an older kernel or libc, a file
/// system without it) and on other systems, it is a plain `rename`.
enum FileReplacement {
    /// Moves `temporary` onto `destination`; returns 0, or -1 with `errno` set by `rename`.
    static func replace(_ destination: String, with temporary: String) -> Int32 {
        #if os(Linux)
        if let exchange = renameExchange, replacesAFile(destination),
           exchange(AT_FDCWD, temporary, AT_FDCWD, destination, renameExchangeFlag) == 0 {
            if unlink(temporary) == 0 { return 0 }
            // What was swapped out cannot be removed: put it back, and let `rename` fail.
            _ = exchange(AT_FDCWD, temporary, AT_FDCWD, destination, renameExchangeFlag)
        }
        #endif
        return rename(temporary, destination)
    }

    #if os(Linux)
    /// True when `path` is a regular file or a symbolic link, the things `rename` replaces (the
    /// swap would also trade places with a folder, which `rename` refuses).
    private static func replacesAFile(_ path: String) -> Bool {
        var info = stat()
        guard lstat(path, &info) == 0 else { return false }
        let type = info.st_mode & S_IFMT
        return type == S_IFREG || type == S_IFLNK
    }

    private typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>?, Int32, UnsafePointer<CChar>?, UInt32) -> Int32

    /// `RENAME_EXCHANGE` from `<linux/fs.h>`.
    private static let renameExchangeFlag: UInt32 = 2

    /// glibc's `renameat2` (2.28 and later), looked up at run time because the Glibc module does
    /// not declare it; nil when the C library has none.
    private static let renameExchange: RenameAt2? = {
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "renameat2") else { return nil }
        return unsafeBitCast(symbol, to: RenameAt2.self)
    }()
    #endif
}
