#include "hypervisor/templatevolumes.h"

#include <algorithm>

#include "hypervisor/contenthash.h"
#include "hypervisor/calllog.h"

namespace shoal::hypervisor {

namespace {

bool isSafeFileNameCharacter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
}

}  // namespace

std::string templateVolumeName(std::string_view templateName, std::string_view role, std::string_view hash)
{
    std::string safeName;
    for (char c : templateName)
        safeName += isSafeFileNameCharacter(c) ? c : '_';
    return "tpl-" + safeName + "-" + std::string(role) + "-" + std::string(hash);
}

core::Result<int> TemplateVolumes::discard(const std::string& templateName)
{
    core::Result<std::vector<VolumeBacking>> backings = m_pool.listBackings();
    if (!backings)
        return tl::unexpected(backings.error());

    // The name must go on with a role and a 16-digit hash, so that the template "a" does not
    // take the volumes of the template "a-b".
    const std::string prefix = templateVolumeName(templateName, "", "");
    const auto belongs = [&](const std::string& name) {
        if (name.rfind(prefix.substr(0, prefix.size() - 1), 0) != 0)
            return false;
        const std::string rest = name.substr(prefix.size() - 1);
        for (std::string_view role : {"kernel-", "initramfs-", "base-"}) {
            if (rest.size() == role.size() + 16 && rest.compare(0, role.size(), role) == 0)
                return true;
        }
        return false;
    };
    int deleted = 0;
    for (const VolumeBacking& volume : *backings) {
        if (!belongs(volume.name))
            continue;
        const bool isRead = std::any_of(backings->begin(), backings->end(),
                                        [&](const VolumeBacking& other) { return other.backingPath == volume.path; });
        if (isRead)
            continue;
        if (auto removed = m_pool.deleteVolume(volume.name); !removed)
            return tl::unexpected(removed.error());
        ++deleted;
    }
    return deleted;
}

TemplateVolumes::TemplateVolumes(StoragePool& pool, std::string hostUri, TemplateUpload mode)
    : m_pool(pool), m_hostUri(std::move(hostUri)), m_mode(mode)
{
}

core::Result<TemplateVolumePaths> TemplateVolumes::prepare(const core::Template& sandboxTemplate)
{
    TemplateVolumePaths paths;
    std::uint64_t ignored = 0;
    core::Result<std::string> kernel = prepareFile(sandboxTemplate, "kernel", sandboxTemplate.kernelPath, &ignored);
    if (!kernel)
        return tl::unexpected(kernel.error());
    paths.kernelPath = *kernel;

    if (!sandboxTemplate.initrdPath.empty()) {
        core::Result<std::string> initrd = prepareFile(sandboxTemplate, "initramfs", sandboxTemplate.initrdPath, &ignored);
        if (!initrd)
            return tl::unexpected(initrd.error());
        paths.initrdPath = *initrd;
    }

    core::Result<std::string> base = prepareFile(sandboxTemplate, "base", sandboxTemplate.baseImagePath, &paths.baseImageBytes);
    if (!base)
        return tl::unexpected(base.error());
    paths.baseImagePath = *base;
    return paths;
}

core::Result<std::string> TemplateVolumes::prepareFile(const core::Template& sandboxTemplate, std::string_view role,
                                                       const std::string& localPath, std::uint64_t* sizeBytes)
{
    std::string fileLabel = std::string(role) + " of template \"" + sandboxTemplate.name + "\"";
    if (localPath.empty())
        return core::fail(core::ErrorCode::InvalidArgument, "Template \"" + sandboxTemplate.name + "\" names no " + std::string(role) + " file");
    core::Result<FileFingerprint> fingerprint = fingerprintFile(localPath, fileLabel);
    if (!fingerprint && m_mode == TemplateUpload::Placeholder) {
        // Nothing is read from a placeholder, so a simulated host needs no guest on this machine.
        // The base image still gets the template's disk size, which overlays take as theirs.
        const bool isBase = role == "base";
        fingerprint = FileFingerprint{isBase ? sandboxTemplate.diskMiB * 1024 * 1024 : 0, "nofile"};
    }
    if (!fingerprint)
        return tl::unexpected(fingerprint.error());
    *sizeBytes = fingerprint->sizeBytes;

    std::string name = templateVolumeName(sandboxTemplate.name, role, fingerprint->hash);
    core::Result<StorageVolumeHandle> existing = m_pool.lookup(name);
    if (existing) {
        core::Result<VolumeInfo> info = m_pool.info(existing->get());
        if (!info)
            return tl::unexpected(info.error());
        if (info->capacityBytes == fingerprint->sizeBytes)
            return m_pool.volumePath(existing->get());

        core::logger("hypervisor")->warn("Volume \"{}\" on host \"{}\" has {} bytes instead of {}; uploading it again",
                                         name, m_hostUri, info->capacityBytes, fingerprint->sizeBytes);
        if (auto deleted = m_pool.deleteVolume(name); !deleted)
            return tl::unexpected(deleted.error());
    } else if (existing.error().code != core::ErrorCode::NotFound) {
        return tl::unexpected(existing.error());
    }
    return fillVolume(name, localPath, fingerprint->sizeBytes);
}

core::Result<std::string> TemplateVolumes::fillVolume(const std::string& name, const std::string& localPath,
                                                      std::uint64_t sizeBytes)
{
    // An uploaded volume starts empty and grows with the stream, so its size shows whether the
    // upload finished. A placeholder has the full size at once and no content.
    std::uint64_t initialBytes = m_mode == TemplateUpload::Upload ? 0 : sizeBytes;
    core::Result<StorageVolumeHandle> volume = m_pool.createRawVolume(name, initialBytes);
    if (!volume)
        return tl::unexpected(volume.error());

    if (m_mode == TemplateUpload::Upload) {
        if (auto uploaded = m_pool.upload(volume->get(), localPath, sizeBytes); !uploaded) {
            if (auto deleted = m_pool.deleteVolume(name); !deleted)
                core::logger("hypervisor")->warn("{}", deleted.error().detail);
            return tl::unexpected(uploaded.error());
        }
        core::logger("hypervisor")->info("Uploaded \"{}\" ({} bytes) to volume \"{}\" on host \"{}\"", localPath, sizeBytes, name, m_hostUri);
    }
    return m_pool.volumePath(volume->get());
}

}  // namespace shoal::hypervisor
