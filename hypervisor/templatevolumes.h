#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/model.h"
#include "hypervisor/storagepool.h"

namespace shoal::hypervisor {

// Host paths of a template's volumes in Shoal's storage pool.
struct TemplateVolumePaths {
    std::string kernelPath;
    std::string initrdPath;            // empty when the template has no initramfs
    std::string baseImagePath;
    std::uint64_t baseImageBytes = 0;
};

// Whether template files are copied to the host or only stood in for.
enum class TemplateUpload {
    Upload,       // stream each file into its volume
    Placeholder,  // the driver cannot upload (libvirt's test driver): make empty volumes of the right size
};

// Puts a template's kernel, initramfs and base image into Shoal's storage pool, once per content.
// Each volume is named after the template, the file's role and its content hash
// (`tpl-tiny-kernel-0123456789abcdef`), so a changed file gets a new volume and an unchanged one is
// never sent twice. Not thread-safe: used from the host connection's worker thread.
class TemplateVolumes {
public:
    TemplateVolumes(StoragePool& pool, std::string hostUri, TemplateUpload mode);

    // Returns the volumes' paths, uploading what is missing or incomplete. A volume counts as
    // complete when its size equals the local file's: an upload that died half-way leaves a
    // shorter file, which is deleted and sent again. Fails with NotFound naming the template and
    // the file when a local file is missing, and with StorageError when an upload fails, after
    // deleting the volume it was writing.
    core::Result<TemplateVolumePaths> prepare(const core::Template& sandboxTemplate);

    // Deletes every volume of the template (`tpl-<template>-<role>-<hash>`) that no other volume
    // reads as its backing file, and returns how many it deleted.
    core::Result<int> discard(const std::string& templateName);

private:
    core::Result<std::string> prepareFile(const core::Template& sandboxTemplate, std::string_view role,
                                          const std::string& localPath, std::uint64_t* sizeBytes);
    core::Result<std::string> fillVolume(const std::string& name, const std::string& localPath, std::uint64_t sizeBytes);

    StoragePool& m_pool;
    std::string m_hostUri;
    TemplateUpload m_mode;
};

// Returns `tpl-<template>-<role>-<hash>`, with every character of the template name outside
// [A-Za-z0-9_.-] replaced by '_' because volume names become file names on the host.
std::string templateVolumeName(std::string_view templateName, std::string_view role, std::string_view hash);

}  // namespace shoal::hypervisor
