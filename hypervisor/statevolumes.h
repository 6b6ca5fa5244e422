#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <libvirt/libvirt.h>

#include "core/error.h"
#include "core/model.h"
#include "hypervisor/saveimage.h"
#include "hypervisor/storagepool.h"

namespace shoal::hypervisor {

// Returns the name of the volume with a sleeping sandbox's save image, derived from its domain name.
std::string stateVolumeName(std::string_view domainName);

// Downloads and parses the save-image header at the start of `volume`: first the fixed part, to
// learn the data length, then the whole header. Fails with InvalidArgument, naming the volume,
// when the image is partial because its save did not finish, is damaged, or has no memory stream
// after the header. Fails with StorageError when the download fails. Reads only, so a failed
// check leaves the image as it was.
core::Result<SaveImageHeader> readSaveImageHeader(StoragePool& pool, virStorageVolPtr volume);

// The identity and Shoal metadata of a sandbox that restores a save image made by another domain.
struct RestoreIdentity {
    std::string domainName;
    std::string overlayPath;
    std::string consoleLogPath;
    core::SandboxMetadata metadata;
};

// Returns the domain XML of a save image rewritten for `identity`. It gets the new name, a new
// random UUID, a new random MAC per interface, the overlay as the only disk source, the console
// log, and Shoal's metadata in place of the old one, without the old live-only start time. Every
// <backingStore> is removed so that libvirt reads the chain from the qcow2 headers, which name
// their backing format. Fails with InvalidArgument when the XML does not parse or has more than
// one file disk.
core::Result<std::string> buildRestoreXml(std::string_view imageXml, const RestoreIdentity& identity);

// Returns `domainXml` with append='on' on every file-type serial and console source, so that a
// restore appends to the console log instead of truncating it. Fails with InvalidArgument when
// the XML does not parse.
core::Result<std::string> withConsoleAppend(std::string_view domainXml);

// Returns a random version 4 UUID in its text form.
std::string randomUuid();

// Returns a random MAC address in QEMU's locally administered range 52:54:00:xx:xx:xx.
std::string randomMacAddress();

// Copies `sourceVolume` to `copyName` and rewrites the copy's header with `domainXml`, keeping
// the memory stream at its offset. Deletes the copy again when the rewrite fails.
core::Result<StorageVolumeHandle> copyStateWithXml(StoragePool& pool, virStorageVolPtr sourceVolume,
                                                   const SaveImageHeader& header, const std::string& copyName,
                                                   const std::string& domainXml);

}  // namespace shoal::hypervisor
