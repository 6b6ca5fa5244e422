#include "hypervisor/storagepool.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <sstream>

#include <fcntl.h>
#include <unistd.h>

#include <libvirt/virterror.h>
#include <pugixml.hpp>

#include "hypervisor/calllog.h"
#include "hypervisor/libvirterror.h"

namespace shoal::hypervisor {

struct UploadSource {
    int fd = -1;
    std::uint64_t sizeBytes = 0;
    int readErrno = 0;
};

namespace {

std::string saveXml(const pugi::xml_document& document)
{
    std::ostringstream text;
    document.save(text, "  ", pugi::format_indent | pugi::format_no_declaration);
    return text.str();
}

std::string buildPoolXml(const std::string& name, const std::string& path)
{
    pugi::xml_document document;
    pugi::xml_node pool = document.append_child("pool");
    pool.append_attribute("type") = "dir";
    pool.append_child("name").text() = name.c_str();
    pugi::xml_node target = pool.append_child("target");
    target.append_child("path").text() = path.c_str();

    // QEMU runs as an unprivileged user and opens the volumes by path, so it must be able to
    // traverse the directory. Other users need not list it. The files stay 0600 until libvirt
    // hands them to the QEMU user for a domain.
    target.append_child("permissions").append_child("mode").text() = "0711";
    return saveXml(document);
}

int readChunk(virStreamPtr /*stream*/, char* data, size_t bytes, void* opaque)
{
    auto* source = static_cast<UploadSource*>(opaque);
    ssize_t count = ::read(source->fd, data, bytes);
    if (count < 0)
        source->readErrno = errno;
    return static_cast<int>(count);
}

// Tells virStreamSparseSendAll whether the file continues with data or a hole at the current
// offset, and how long that section is, so holes cross the link as a length instead of zeros.
int findSection(virStreamPtr /*stream*/, int* inData, long long* length, void* opaque)
{
    auto* source = static_cast<UploadSource*>(opaque);
    const off_t current = ::lseek(source->fd, 0, SEEK_CUR);
    const off_t end = static_cast<off_t>(source->sizeBytes);
    off_t data = current < end ? ::lseek(source->fd, current, SEEK_DATA) : end;
    if (data < 0 && errno == ENXIO)
        data = end;  // only a hole remains up to the end of the file
    if (current < 0 || data < 0) {
        source->readErrno = errno;
        return -1;
    }

    if (data > current) {
        *inData = 0;
        *length = data - current;
    } else {
        off_t hole = ::lseek(source->fd, current, SEEK_HOLE);
        *inData = 1;
        *length = (hole < 0 ? end : hole) - current;
    }
    return ::lseek(source->fd, current, SEEK_SET) < 0 ? -1 : 0;
}

int skipSection(virStreamPtr /*stream*/, long long length, void* opaque)
{
    auto* source = static_cast<UploadSource*>(opaque);
    return ::lseek(source->fd, static_cast<off_t>(length), SEEK_CUR) < 0 ? -1 : 0;
}

int appendChunk(virStreamPtr /*stream*/, const char* data, size_t bytes, void* opaque)
{
    static_cast<std::string*>(opaque)->append(data, bytes);
    return static_cast<int>(bytes);
}

}  // namespace

std::string buildVolumeXml(const std::string& name, const std::string& format, std::uint64_t capacityBytes,
                           const std::string& backingPath, const std::string& backingFormat)
{
    pugi::xml_document document;
    pugi::xml_node volume = document.append_child("volume");
    volume.append_attribute("type") = "file";
    volume.append_child("name").text() = name.c_str();
    pugi::xml_node capacity = volume.append_child("capacity");
    capacity.append_attribute("unit") = "bytes";
    capacity.text() = static_cast<unsigned long long>(capacityBytes);
    // Without an explicit allocation libvirt allocates the whole capacity of a raw volume.
    pugi::xml_node allocation = volume.append_child("allocation");
    allocation.append_attribute("unit") = "bytes";
    allocation.text() = 0;
    pugi::xml_node target = volume.append_child("target");
    target.append_child("format").append_attribute("type") = format.c_str();

    // Without <compat>, libvirt 9.0 writes the old qcow2 format (compat 0.10).
    if (format == "qcow2")
        target.append_child("compat").text() = "1.1";
    if (!backingPath.empty()) {
        pugi::xml_node backing = volume.append_child("backingStore");
        backing.append_child("path").text() = backingPath.c_str();
        backing.append_child("format").append_attribute("type") = backingFormat.c_str();
    }
    return saveXml(document);
}

StoragePool::StoragePool(virConnectPtr connection, std::string hostUri, std::string name)
    : m_connection(connection), m_hostUri(std::move(hostUri)), m_name(std::move(name))
{
}

core::Status StoragePool::ensure(const std::string& defaultPath)
{
    logCall("virStoragePoolLookupByName(\"{}\") on \"{}\"", m_name, m_hostUri);
    m_pool.reset(virStoragePoolLookupByName(m_connection, m_name.c_str()));
    if (!m_pool) {
        core::Error error = lastLibvirtError("Failed to look up the storage pool \"" + m_name + "\" on host \"" + m_hostUri + "\"");
        if (error.code != core::ErrorCode::NotFound)
            return tl::unexpected(error);
        if (auto defined = definePool(defaultPath); !defined)
            return defined;
    }

    logCall("virStoragePoolIsActive(\"{}\")", m_name);
    int active = virStoragePoolIsActive(m_pool.get());
    if (active < 0)
        return tl::unexpected(lastLibvirtError("Failed to read the state of storage pool \"" + m_name + "\" on host \"" + m_hostUri + "\""));
    if (active == 0) {
        // A defined pool whose directory was removed fails to start, so build it first. For an
        // existing directory, building only resets its mode and owner to the pool's.
        logCall("virStoragePoolBuild(\"{}\") and virStoragePoolCreate(\"{}\")", m_name, m_name);
        if (virStoragePoolBuild(m_pool.get(), 0) < 0)
            lastLibvirtError("Failed to build storage pool \"" + m_name + "\"");
        if (virStoragePoolCreate(m_pool.get(), 0) < 0)
            return tl::unexpected(lastLibvirtError("Failed to start storage pool \"" + m_name + "\" on host \"" + m_hostUri + "\""));
    }
    return readPoolPath();
}

core::Status StoragePool::definePool(const std::string& path)
{
    std::string xml = buildPoolXml(m_name, path);
    logCall("virStoragePoolDefineXML(\"{}\" at \"{}\") on \"{}\"", m_name, path, m_hostUri);
    logXml("storage pool XML", xml);
    m_pool.reset(virStoragePoolDefineXML(m_connection, xml.c_str(), 0));
    if (!m_pool)
        return tl::unexpected(lastLibvirtError("Failed to define storage pool \"" + m_name + "\" at \"" + path + "\" on host \"" + m_hostUri + "\""));

    logCall("virStoragePoolBuild(\"{}\")", m_name);
    if (virStoragePoolBuild(m_pool.get(), 0) < 0) {
        core::Error error = lastLibvirtError("Failed to create the directory \"" + path + "\" of storage pool \"" + m_name + "\" on host \"" + m_hostUri + "\"");
        virStoragePoolUndefine(m_pool.get());
        m_pool.reset();
        return tl::unexpected(error);
    }

    logCall("virStoragePoolSetAutostart(\"{}\", 1)", m_name);
    if (virStoragePoolSetAutostart(m_pool.get(), 1) < 0) {
        core::Error error = lastLibvirtError("Failed to mark storage pool \"" + m_name + "\" autostart");
        core::logger("hypervisor")->warn("{} on host \"{}\"; it must be started by hand after a host reboot", error.detail, m_hostUri);
    }
    return {};
}

core::Status StoragePool::readPoolPath()
{
    logCall("virStoragePoolGetXMLDesc(\"{}\")", m_name);
    LibvirtString xml(virStoragePoolGetXMLDesc(m_pool.get(), 0));
    if (!xml)
        return tl::unexpected(lastLibvirtError("Failed to read storage pool \"" + m_name + "\" on host \"" + m_hostUri + "\""));
    logXml("storage pool XML", xml.get());

    pugi::xml_document document;
    document.load_string(xml.get());
    m_path = document.child("pool").child("target").child("path").text().get();
    if (m_path.empty())
        return core::fail(core::ErrorCode::StorageError,
                          "Storage pool \"" + m_name + "\" on host \"" + m_hostUri + "\" has no target path; it must be a directory pool");
    return {};
}

core::Result<StorageVolumeHandle> StoragePool::lookup(const std::string& name)
{
    logCall("virStorageVolLookupByName(\"{}\") on \"{}\"", name, m_hostUri);
    StorageVolumeHandle volume(virStorageVolLookupByName(m_pool.get(), name.c_str()));
    if (!volume)
        return tl::unexpected(lastLibvirtError("Failed to find volume \"" + name + "\" in storage pool \"" + m_name + "\" on host \"" + m_hostUri + "\""));
    return volume;
}

core::Result<StorageVolumeHandle> StoragePool::lookupByPath(const std::string& path)
{
    logCall("virStorageVolLookupByPath(\"{}\") on \"{}\"", path, m_hostUri);
    StorageVolumeHandle volume(virStorageVolLookupByPath(m_connection, path.c_str()));
    if (!volume)
        return tl::unexpected(lastLibvirtError("Failed to find a volume at \"" + path + "\" on host \"" + m_hostUri + "\""));
    return volume;
}

core::Result<StorageVolumeHandle> StoragePool::createVolume(const std::string& name, const std::string& xml)
{
    logCall("virStorageVolCreateXML(\"{}\") in pool \"{}\" on \"{}\"", name, m_name, m_hostUri);
    logXml("volume XML", xml);
    StorageVolumeHandle volume(virStorageVolCreateXML(m_pool.get(), xml.c_str(), 0));
    if (!volume)
        return tl::unexpected(lastLibvirtError("Failed to create volume \"" + name + "\" in storage pool \"" + m_name + "\" on host \"" + m_hostUri + "\""));
    return volume;
}

core::Result<StorageVolumeHandle> StoragePool::createRawVolume(const std::string& name, std::uint64_t capacityBytes)
{
    return createVolume(name, buildVolumeXml(name, "raw", capacityBytes, {}, {}));
}

core::Result<StorageVolumeHandle> StoragePool::createOverlay(const std::string& name, std::uint64_t capacityBytes,
                                                             const std::string& backingPath,
                                                             const std::string& backingFormat)
{
    return createVolume(name, buildVolumeXml(name, "qcow2", capacityBytes, backingPath, backingFormat));
}

core::Status StoragePool::deleteVolume(const std::string& name)
{
    core::Result<StorageVolumeHandle> volume = lookup(name);
    if (!volume)
        return volume.error().code == core::ErrorCode::NotFound ? core::Status{} : tl::unexpected(volume.error());

    logCall("virStorageVolDelete(\"{}\") on \"{}\"", name, m_hostUri);
    if (virStorageVolDelete(volume->get(), 0) < 0)
        return tl::unexpected(lastLibvirtError("Failed to delete volume \"" + name + "\" from storage pool \"" + m_name + "\" on host \"" + m_hostUri + "\""));
    return {};
}

core::Result<VolumeInfo> StoragePool::info(virStorageVolPtr volume)
{
    // For a directory pool libvirt refreshes the volume from the file before it returns, so the
    // sizes are current even while virtlogd appends to a console log.
    logCall("virStorageVolGetInfo(\"{}\")", virStorageVolGetName(volume));
    virStorageVolInfo raw{};
    if (virStorageVolGetInfo(volume, &raw) < 0)
        return tl::unexpected(lastLibvirtError(std::string("Failed to read the size of volume \"") + virStorageVolGetName(volume) + "\" on host \"" + m_hostUri + "\""));
    return VolumeInfo{raw.capacity, raw.allocation};
}

core::Result<PoolInfo> StoragePool::poolInfo()
{
    logCall("virStoragePoolGetInfo(\"{}\") on \"{}\"", m_name, m_hostUri);
    virStoragePoolInfo raw{};
    if (virStoragePoolGetInfo(m_pool.get(), &raw) < 0)
        return tl::unexpected(lastLibvirtError("Failed to read the size of storage pool \"" + m_name + "\" on host \"" + m_hostUri + "\""));
    return PoolInfo{raw.capacity, raw.available};
}

std::string StoragePool::volumePath(virStorageVolPtr volume)
{
    LibvirtString path(virStorageVolGetPath(volume));
    return path ? std::string(path.get()) : std::string();
}

core::Status StoragePool::upload(virStorageVolPtr volume, const std::string& localPath, std::uint64_t sizeBytes)
{
    const std::string name = virStorageVolGetName(volume);
    UploadSource source;
    source.sizeBytes = sizeBytes;
    source.fd = ::open(localPath.c_str(), O_RDONLY | O_CLOEXEC);
    if (source.fd < 0)
        return core::fail(core::ErrorCode::StorageError,
                          "Failed to open \"" + localPath + "\" for upload to volume \"" + name + "\": " + std::strerror(errno));

    // A sparse stream keeps a mostly empty base image from filling the link and the host's disk.
    // A host that rejects sparse streams gets the plain form, from the start of the file again.
    std::string context = "Failed to upload \"" + localPath + "\" to volume \"" + name + "\" on host \"" + m_hostUri + "\"";
    core::Status result = sendFile(volume, source, UploadMode::Sparse, context);
    if (!result && result.error().code == core::ErrorCode::Unsupported && ::lseek(source.fd, 0, SEEK_SET) == 0)
        result = sendFile(volume, source, UploadMode::Plain, context);
    ::close(source.fd);
    return result;
}

core::Status StoragePool::sendFile(virStorageVolPtr volume, UploadSource& source, UploadMode mode, const std::string& context)
{
    const bool sparse = mode == UploadMode::Sparse;
    const unsigned flags = sparse ? VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM : 0;
    StreamHandle stream(virStreamNew(m_connection, 0));
    logCall("virStorageVolUpload(\"{}\", 0, {}, {:#x}) on \"{}\"", virStorageVolGetName(volume), source.sizeBytes, flags, m_hostUri);
    bool sent = stream && virStorageVolUpload(volume, stream.get(), 0, source.sizeBytes, flags) == 0;
    if (sent) {
        int streamed = sparse ? virStreamSparseSendAll(stream.get(), readChunk, findSection, skipSection, &source)
                              : virStreamSendAll(stream.get(), readChunk, &source);
        sent = streamed == 0 && virStreamFinish(stream.get()) == 0;
    }
    if (sent)
        return {};

    core::Status result = source.readErrno != 0 ? core::fail(core::ErrorCode::StorageError, context + ": " + std::strerror(source.readErrno))
                                                : tl::unexpected(lastLibvirtError(context));
    if (stream)
        virStreamAbort(stream.get());
    return result;
}

core::Status StoragePool::uploadData(virStorageVolPtr volume, std::string_view data)
{
    return overwriteData(volume, 0, data);
}

core::Status StoragePool::overwriteData(virStorageVolPtr volume, std::uint64_t offset, std::string_view data)
{
    const std::string name = virStorageVolGetName(volume);
    StreamHandle stream(virStreamNew(m_connection, 0));
    logCall("virStorageVolUpload(\"{}\", {}, {}) on \"{}\"", name, offset, data.size(), m_hostUri);
    bool sent = stream && virStorageVolUpload(volume, stream.get(), offset, data.size(), 0) == 0;
    for (std::size_t done = 0; sent && done < data.size();) {
        int count = virStreamSend(stream.get(), data.data() + done, data.size() - done);
        sent = count > 0;
        done += sent ? static_cast<std::size_t>(count) : 0;
    }
    sent = sent && virStreamFinish(stream.get()) == 0;
    if (!sent) {
        core::Error error = lastLibvirtError("Failed to write " + std::to_string(data.size()) + " bytes at offset " +
                                            std::to_string(offset) + " of volume \"" + name + "\" on host \"" + m_hostUri + "\"");
        if (stream)
            virStreamAbort(stream.get());
        return tl::unexpected(error);
    }
    return {};
}

core::Result<StorageVolumeHandle> StoragePool::createCopy(const std::string& name, virStorageVolPtr source)
{
    const std::string sourceName = virStorageVolGetName(source);
    logCall("virStorageVolGetXMLDesc(\"{}\")", sourceName);
    LibvirtString sourceXml(virStorageVolGetXMLDesc(source, 0));
    if (!sourceXml)
        return tl::unexpected(lastLibvirtError("Failed to read volume \"" + sourceName + "\" on host \"" + m_hostUri + "\""));
    pugi::xml_document sourceDocument;
    sourceDocument.load_string(sourceXml.get());
    std::string format = sourceDocument.child("volume").child("target").child("format").attribute("type").as_string("raw");
    core::Result<VolumeInfo> sourceInfo = info(source);
    if (!sourceInfo)
        return tl::unexpected(sourceInfo.error());

    const std::string xml = buildVolumeXml(name, format, sourceInfo->capacityBytes, {}, {});
    logCall("virStorageVolCreateXMLFrom(\"{}\" from \"{}\") on \"{}\"", name, sourceName, m_hostUri);
    logXml("volume XML", xml);
    StorageVolumeHandle volume(virStorageVolCreateXMLFrom(m_pool.get(), xml.c_str(), source, 0));
    if (!volume)
        return tl::unexpected(lastLibvirtError("Failed to copy volume \"" + sourceName + "\" to \"" + name +
                                               "\" in storage pool \"" + m_name + "\" on host \"" + m_hostUri + "\""));
    return volume;
}

core::Status StoragePool::refresh()
{
    logCall("virStoragePoolRefresh(\"{}\") on \"{}\"", m_name, m_hostUri);
    if (virStoragePoolRefresh(m_pool.get(), 0) < 0)
        return tl::unexpected(lastLibvirtError("Failed to refresh storage pool \"" + m_name + "\" on host \"" + m_hostUri + "\""));
    return {};
}

core::Result<std::vector<VolumeBacking>> StoragePool::listBackings()
{
    virStorageVolPtr* volumes = nullptr;
    logCall("virStoragePoolListAllVolumes(\"{}\") on \"{}\"", m_name, m_hostUri);
    int count = virStoragePoolListAllVolumes(m_pool.get(), &volumes, 0);
    if (count < 0)
        return tl::unexpected(lastLibvirtError("Failed to list the volumes of storage pool \"" + m_name + "\" on host \"" + m_hostUri + "\""));
    std::vector<StorageVolumeHandle> handles;
    for (int i = 0; i < count; ++i)
        handles.emplace_back(volumes[i]);
    std::free(volumes);

    std::vector<VolumeBacking> backings;
    for (const StorageVolumeHandle& volume : handles) {
        VolumeBacking backing;
        backing.name = virStorageVolGetName(volume.get());
        backing.path = volumePath(volume.get());
        LibvirtString xml(virStorageVolGetXMLDesc(volume.get(), 0));
        if (!xml) {
            // A volume deleted while the list is read has nothing to report.
            lastLibvirtError("Failed to read volume \"" + backing.name + "\"");
            continue;
        }
        pugi::xml_document document;
        document.load_string(xml.get());
        backing.backingPath = document.child("volume").child("backingStore").child("path").text().get();
        // Directory pools report "<seconds>.<nanoseconds>"; the whole seconds are enough.
        backing.modifiedAtS = document.child("volume").child("target").child("timestamps").child("mtime").text().as_llong();
        backings.push_back(std::move(backing));
    }
    return backings;
}

core::Result<double> StoragePool::modifiedAt(virStorageVolPtr volume)
{
    const std::string name = virStorageVolGetName(volume);
    LibvirtString xml(virStorageVolGetXMLDesc(volume, 0));
    if (!xml)
        return tl::unexpected(lastLibvirtError("Failed to read volume \"" + name + "\" on host \"" + m_hostUri + "\""));
    pugi::xml_document document;
    document.load_string(xml.get());
    const pugi::xml_node mtime = document.child("volume").child("target").child("timestamps").child("mtime");
    if (!mtime) {
        return core::fail(core::ErrorCode::StorageError,
                          "Volume \"" + name + "\" on host \"" + m_hostUri + "\" has no modification time");
    }
    return mtime.text().as_double();
}

core::Result<std::string> StoragePool::download(virStorageVolPtr volume, std::uint64_t offset, std::uint64_t length)
{
    const std::string name = virStorageVolGetName(volume);
    std::string data;
    StreamHandle stream(virStreamNew(m_connection, 0));
    logCall("virStorageVolDownload(\"{}\", {}, {}) on \"{}\"", name, offset, length, m_hostUri);
    bool received = stream && virStorageVolDownload(volume, stream.get(), offset, length, 0) == 0 &&
                    virStreamRecvAll(stream.get(), appendChunk, &data) == 0 && virStreamFinish(stream.get()) == 0;
    if (!received) {
        core::Error error = lastLibvirtError("Failed to download volume \"" + name + "\" from host \"" + m_hostUri + "\"");
        if (stream)
            virStreamAbort(stream.get());
        return tl::unexpected(error);
    }
    return data;
}

}  // namespace shoal::hypervisor
