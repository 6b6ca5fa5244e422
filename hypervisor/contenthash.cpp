#include "hypervisor/contenthash.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <mutex>
#include <tuple>
#include <vector>

#include <sys/stat.h>

namespace shoal::hypervisor {

namespace {

// FNV-1a identifies content, not adversaries: the files are the user's own, and the size is
// compared as well.
constexpr std::uint64_t kFnvOffsetBasis = 0xcbf29ce484222325ULL;
constexpr std::uint64_t kFnvPrime = 0x100000001b3ULL;
constexpr std::size_t kReadChunkBytes = 1 << 20;

using CacheKey = std::tuple<std::string, std::uint64_t, std::int64_t, std::int64_t>;

std::mutex g_cacheMutex;
std::map<CacheKey, FileFingerprint> g_cache;

core::Result<FileFingerprint> readAndHash(const std::string& path, const std::string& fileLabel)
{
    std::ifstream file(path, std::ios::binary);
    if (!file)
        return core::fail(core::ErrorCode::StorageError,
                          "Failed to read the " + fileLabel + " \"" + path + "\": " + std::strerror(errno));

    FileFingerprint fingerprint;
    std::uint64_t hash = kFnvOffsetBasis;
    std::vector<char> buffer(kReadChunkBytes);
    while (file) {
        file.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        std::streamsize count = file.gcount();
        for (std::streamsize i = 0; i < count; ++i) {
            hash ^= static_cast<unsigned char>(buffer[static_cast<std::size_t>(i)]);
            hash *= kFnvPrime;
        }
        fingerprint.sizeBytes += static_cast<std::uint64_t>(count);
    }
    if (file.bad())
        return core::fail(core::ErrorCode::StorageError, "Failed to read the " + fileLabel + " \"" + path + "\": read error");

    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(hash));
    fingerprint.hash = text;
    return fingerprint;
}

}  // namespace

core::Result<FileFingerprint> fingerprintFile(const std::string& path, const std::string& fileLabel)
{
    struct stat status {};
    if (::stat(path.c_str(), &status) != 0) {
        core::ErrorCode code = errno == ENOENT ? core::ErrorCode::NotFound : core::ErrorCode::StorageError;
        return core::fail(code, "Failed to read the " + fileLabel + " \"" + path + "\": " + std::strerror(errno));
    }
    if (!S_ISREG(status.st_mode))
        return core::fail(core::ErrorCode::InvalidArgument,
                          "Failed to read the " + fileLabel + " \"" + path + "\": it is not a regular file");

    CacheKey key{path, static_cast<std::uint64_t>(status.st_size), status.st_mtim.tv_sec, status.st_mtim.tv_nsec};
    {
        std::lock_guard lock(g_cacheMutex);
        if (auto found = g_cache.find(key); found != g_cache.end())
            return found->second;
    }

    core::Result<FileFingerprint> fingerprint = readAndHash(path, fileLabel);
    if (fingerprint) {
        std::lock_guard lock(g_cacheMutex);
        g_cache[key] = *fingerprint;
    }
    return fingerprint;
}

}  // namespace shoal::hypervisor
