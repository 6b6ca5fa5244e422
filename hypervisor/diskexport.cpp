#include "hypervisor/diskexport.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libvirt/virterror.h>
#include <pugixml.hpp>

#include "core/log.h"
#include "hypervisor/calllog.h"
#include "hypervisor/libvirterror.h"
#include "hypervisor/libvirthandles.h"

namespace shoal::hypervisor {

namespace {

// The local file being written by a sparse download, and the first write error.
struct DownloadTarget {
    int fd = -1;
    int writeErrno = 0;
};

int writeChunk(virStreamPtr /*stream*/, const char* data, size_t bytes, void* opaque)
{
    auto* target = static_cast<DownloadTarget*>(opaque);
    std::size_t written = 0;
    while (written < bytes) {
        const ssize_t count = ::write(target->fd, data + written, bytes - written);
        if (count < 0) {
            if (errno == EINTR)
                continue;
            target->writeErrno = errno;
            return -1;
        }
        written += static_cast<std::size_t>(count);
    }
    return static_cast<int>(bytes);
}

// A hole in the stream becomes a hole in the file: seek past it, and the final ftruncate fixes
// the length when the image ends in a hole.
int skipHole(virStreamPtr /*stream*/, long long length, void* opaque)
{
    auto* target = static_cast<DownloadTarget*>(opaque);
    if (::lseek(target->fd, static_cast<off_t>(length), SEEK_CUR) < 0) {
        target->writeErrno = errno;
        return -1;
    }
    return 0;
}

// Deletes the temporary volume when the export ends, whichever way it ends.
class TemporaryVolume {
public:
    TemporaryVolume(StoragePool& pool, std::string name)
        : m_pool(pool)
        , m_name(std::move(name))
    {
    }
    ~TemporaryVolume()
    {
        if (core::Status deleted = m_pool.deleteVolume(m_name); !deleted)
            core::logger("hypervisor")->error("Failed to delete temporary volume \"{}\": {}", m_name, deleted.error().detail);
    }
    TemporaryVolume(const TemporaryVolume&) = delete;
    TemporaryVolume& operator=(const TemporaryVolume&) = delete;

private:
    StoragePool& m_pool;
    std::string m_name;
};

}  // namespace

DiskExport::DiskExport(virConnectPtr connection, std::string hostUri, StoragePool& pool)
    : m_connection(connection)
    , m_hostUri(std::move(hostUri))
    , m_pool(pool)
{
}

std::string DiskExport::temporaryVolumeName(const std::string& domainName)
{
    return domainName + ".export.raw";
}

core::Result<std::string> DiskExport::shutOffDiskPath(const std::string& domainName)
{
    logCall("virDomainLookupByName(\"{}\") on \"{}\"", domainName, m_hostUri);
    DomainHandle domain(virDomainLookupByName(m_connection, domainName.c_str()));
    if (!domain) {
        core::Error error = lastLibvirtError("Failed to find sandbox \"" + domainName + "\" on host \"" + m_hostUri + "\"");
        if (error.hypervisorCode == VIR_ERR_NO_DOMAIN)
            error.code = core::ErrorCode::NotFound;
        return tl::unexpected(error);
    }

    int state = VIR_DOMAIN_NOSTATE;
    logCall("virDomainGetState(\"{}\")", domainName);
    if (virDomainGetState(domain.get(), &state, nullptr, 0) < 0)
        return tl::unexpected(lastLibvirtError("Failed to read the state of sandbox \"" + domainName + "\" on host \"" + m_hostUri + "\""));
    if (state != VIR_DOMAIN_SHUTOFF) {
        return core::fail(core::ErrorCode::InvalidState,
                          "Cannot copy the disk of sandbox \"" + domainName + "\" on host \"" + m_hostUri +
                              "\" because its domain is not shut off; stop the sandbox or put it to sleep first");
    }

    logCall("virDomainGetXMLDesc(\"{}\")", domainName);
    LibvirtString xml(virDomainGetXMLDesc(domain.get(), 0));
    if (!xml)
        return tl::unexpected(lastLibvirtError("Failed to read the definition of sandbox \"" + domainName + "\" on host \"" + m_hostUri + "\""));
    logXml("domain XML", xml.get());
    pugi::xml_document document;
    if (!document.load_string(xml.get()))
        return core::fail(core::ErrorCode::HostError, "Host \"" + m_hostUri + "\" returned unreadable XML for sandbox \"" + domainName + "\"");
    const std::string path = document.child("domain").child("devices").child("disk").child("source").attribute("file").as_string();
    if (path.empty())
        return core::fail(core::ErrorCode::NotFound, "Sandbox \"" + domainName + "\" on host \"" + m_hostUri + "\" has no file disk");
    return path;
}

core::Status DiskExport::run(const std::string& domainName, const std::string& localPath)
{
    core::Result<std::string> diskPath = shutOffDiskPath(domainName);
    if (!diskPath)
        return tl::unexpected(diskPath.error());
    core::Result<StorageVolumeHandle> disk = m_pool.lookupByPath(*diskPath);
    if (!disk)
        return tl::unexpected(disk.error());
    core::Result<VolumeInfo> diskInfo = m_pool.info(disk->get());
    if (!diskInfo)
        return tl::unexpected(diskInfo.error());

    // A copy left by an export that crashed would make the create fail with AlreadyExists.
    const std::string temporaryName = temporaryVolumeName(domainName);
    if (core::Status cleared = m_pool.deleteVolume(temporaryName); !cleared)
        return cleared;

    // Converting to raw makes qemu-img read through the whole backing chain, so the copy is one
    // standalone image of the guest's disk as it is now.
    const std::string xml = buildVolumeXml(temporaryName, "raw", diskInfo->capacityBytes, {}, {});
    logCall("virStorageVolCreateXMLFrom(\"{}\" from \"{}\") on \"{}\"", temporaryName, *diskPath, m_hostUri);
    logXml("volume XML", xml);
    TemporaryVolume cleanup(m_pool, temporaryName);
    StoragePoolHandle pool(virStoragePoolLookupByVolume(disk->get()));
    StorageVolumeHandle copy(pool ? virStorageVolCreateXMLFrom(pool.get(), xml.c_str(), disk->get(), 0) : nullptr);
    if (!copy) {
        return tl::unexpected(lastLibvirtError("Failed to flatten the disk \"" + *diskPath + "\" of sandbox \"" + domainName +
                                               "\" into a raw volume on host \"" + m_hostUri + "\""));
    }
    return downloadToFile(copy.get(), localPath);
}

core::Status DiskExport::downloadToFile(virStorageVolPtr volume, const std::string& localPath)
{
    core::Result<VolumeInfo> info = m_pool.info(volume);
    if (!info)
        return tl::unexpected(info.error());

    const std::string partialPath = localPath + ".part";
    DownloadTarget target;
    target.fd = ::open(partialPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (target.fd < 0) {
        return core::fail(core::ErrorCode::StorageError,
                          "Failed to create file \"" + partialPath + "\": " + std::strerror(errno));
    }

    const std::string name = virStorageVolGetName(volume);
    StreamHandle stream(virStreamNew(m_connection, 0));
    logCall("virStorageVolDownload(\"{}\", sparse) on \"{}\" to \"{}\"", name, m_hostUri, partialPath);
    bool received = stream && virStorageVolDownload(volume, stream.get(), 0, 0, VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM) == 0 &&
                    virStreamSparseRecvAll(stream.get(), writeChunk, skipHole, &target) == 0 &&
                    virStreamFinish(stream.get()) == 0;
    core::Error error;
    if (!received) {
        error = target.writeErrno != 0
                    ? core::Error{core::ErrorCode::StorageError,
                                  "Failed to write file \"" + partialPath + "\": " + std::strerror(target.writeErrno), 0, {}}
                    : lastLibvirtError("Failed to download volume \"" + name + "\" from host \"" + m_hostUri + "\"");
        if (stream)
            virStreamAbort(stream.get());
    } else if (::ftruncate(target.fd, static_cast<off_t>(info->capacityBytes)) != 0 || ::fsync(target.fd) != 0) {
        received = false;
        error = core::Error{core::ErrorCode::StorageError,
                            "Failed to finish file \"" + partialPath + "\": " + std::strerror(errno), 0, {}};
    }
    ::close(target.fd);

    if (received && std::rename(partialPath.c_str(), localPath.c_str()) != 0) {
        received = false;
        error = core::Error{core::ErrorCode::StorageError,
                            "Failed to rename \"" + partialPath + "\" to \"" + localPath + "\": " + std::strerror(errno), 0, {}};
    }
    if (!received) {
        ::unlink(partialPath.c_str());
        return tl::unexpected(error);
    }
    return {};
}

}  // namespace shoal::hypervisor
