#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <libvirt/libvirt.h>

#include "core/error.h"
#include "hypervisor/libvirthandles.h"

namespace shoal::hypervisor {

inline constexpr const char* kStoragePoolName = "shoal";

// A second directory pool, in memory, for files that live only for the length of one operation:
// the memory file of a clone's snapshot and its copies. Writing them to RAM instead of the disk
// shortens the pause of the cloned sandbox and the copies for parallel restores. The contents go
// with a reboot, which suits files that no sandbox keeps.
inline constexpr const char* kScratchPoolName = "shoal-scratch";
inline constexpr const char* kScratchPoolPath = "/dev/shm/shoal-scratch";

struct VolumeInfo {
    std::uint64_t capacityBytes = 0;   // the size a guest or a reader gets, a raw file's length
    std::uint64_t allocationBytes = 0; // what it occupies on the host
};

// A local file being streamed into a volume, defined in storagepool.cpp.
struct UploadSource;

// A volume and the file it reads through, if any.
struct VolumeBacking {
    std::string name;
    std::string path;
    std::string backingPath;  // empty when the volume has no backing file
    std::int64_t modifiedAtS = 0; // Unix time of the file's last change; 0 where the pool does not report it
};

struct PoolInfo {
    std::uint64_t capacityBytes = 0;
    std::uint64_t availableBytes = 0;
};

// One of Shoal's directory storage pools on one host ("shoal" unless named), and its volumes. Every host-side file goes
// through these calls, so a remote host works exactly like the local one. Not thread-safe: the
// owning host connection calls it from its worker thread only.
class StoragePool {
public:
    StoragePool(virConnectPtr connection, std::string hostUri, std::string name = kStoragePoolName);

    // Finds the pool by its name. When it is missing, defines it as a directory pool at
    // `defaultPath`, builds the directory and marks it autostart. Starts it when inactive.
    // An existing pool keeps its own path. Fails with StorageError.
    core::Status ensure(const std::string& defaultPath);

    const std::string& path() const { return m_path; }
    const std::string& name() const { return m_name; }

    // Fails with NotFound when the pool has no volume of that name.
    core::Result<StorageVolumeHandle> lookup(const std::string& name);
    core::Result<StorageVolumeHandle> lookupByPath(const std::string& path);

    // Creates an empty raw volume of `capacityBytes`, where 0 makes an empty file that grows as it is
    // written. Fails with AlreadyExists when the name is taken.
    core::Result<StorageVolumeHandle> createRawVolume(const std::string& name, std::uint64_t capacityBytes);

    // Creates a qcow2 volume over `backingPath`, whose format is named explicitly so that nothing
    // ever probes it.
    core::Result<StorageVolumeHandle> createOverlay(const std::string& name, std::uint64_t capacityBytes,
                                                    const std::string& backingPath,
                                                    const std::string& backingFormat);

    // Deletes the volume. Returns success when it did not exist.
    core::Status deleteVolume(const std::string& name);

    core::Result<VolumeInfo> info(virStorageVolPtr volume);
    core::Result<PoolInfo> poolInfo();
    std::string volumePath(virStorageVolPtr volume);

    // Streams the local file into the volume, from offset 0. Aborts the stream on any failure.
    core::Status upload(virStorageVolPtr volume, const std::string& localPath, std::uint64_t sizeBytes);

    // Writes `data` into the volume from offset 0, for small contents such as a probe.
    core::Status uploadData(virStorageVolPtr volume, std::string_view data);

    // Overwrites `data.size()` bytes of the volume at `offset` and leaves the rest of it as it
    // was (a directory pool writes into the file without truncating it). Used to replace a save
    // image's header in place.
    core::Status overwriteData(virStorageVolPtr volume, std::uint64_t offset, std::string_view data);

    // Creates `name` as a copy of `source` in this pool (virStorageVolCreateXMLFrom), with the
    // source's format. Fails with AlreadyExists when the name is taken.
    core::Result<StorageVolumeHandle> createCopy(const std::string& name, virStorageVolPtr source);

    // Rescans the pool directory, so free space and volume sizes are current and files made
    // outside the storage API become volumes. Costs a scan of every file in the pool.
    core::Status refresh();

    // Returns every volume in the pool with the path of its backing file (empty for none), read
    // from each volume's XML: one call per volume.
    core::Result<std::vector<VolumeBacking>> listBackings();

    // Returns the volume's modification time in Unix seconds, read from its XML. Fails with
    // StorageError where the pool reports no timestamps.
    core::Result<double> modifiedAt(virStorageVolPtr volume);

    // Reads `length` bytes of the volume from `offset` (0 reads to the end) through a stream.
    core::Result<std::string> download(virStorageVolPtr volume, std::uint64_t offset, std::uint64_t length);

private:
    enum class UploadMode { Sparse, Plain };
    core::Status sendFile(virStorageVolPtr volume, UploadSource& source, UploadMode mode, const std::string& context);
    core::Result<StorageVolumeHandle> createVolume(const std::string& name, const std::string& xml);
    core::Status definePool(const std::string& path);
    core::Status readPoolPath();

    virConnectPtr m_connection;
    std::string m_hostUri;
    std::string m_name;
    StoragePoolHandle m_pool;
    std::string m_path;
};

// Returns a volume XML document, with the values escaped by pugixml. An empty `backingPath` makes a
// volume without backing store.
std::string buildVolumeXml(const std::string& name, const std::string& format, std::uint64_t capacityBytes,
                           const std::string& backingPath, const std::string& backingFormat);

}  // namespace shoal::hypervisor
