#pragma once

#include <chrono>
#include <string>
#include <vector>

#include <libvirt/libvirt.h>

#include "core/error.h"

namespace shoal::hypervisor {

// Number of backing files under a sandbox's disk past which a clone flattens it. Each clone adds
// one frozen layer under its source, and a read that misses the upper layers looks in each one.
inline constexpr std::size_t kFlattenDepth = 8;

// How long a clone or a sleep waits for a running flatten before it fails.
inline constexpr std::chrono::milliseconds kFlattenWait{120000};

// The disk of a running domain, read from its live XML.
struct DiskChain {
    std::string target;                 // e.g. "vda"
    std::string activePath;             // the overlay the domain writes
    std::vector<std::string> backing;   // backing files, nearest first; the template's base or warm-state disk last
};

// Reads the first disk of `domain` and its backing chain.
core::Result<DiskChain> readDiskChain(virDomainPtr domain, const std::string& domainName);

// Starts a block pull that copies every layer between the disk's overlay and the chain's last
// file (the template's base image or the warm-state disk) into the overlay, when the chain is
// deeper than `depth`. The domain keeps running while QEMU copies in the background, and libvirt
// drops the pulled layers from the chain when the job ends. Never writes a backing file, so images
// that other sandboxes read stay as they are. Returns true when a pull started.
core::Result<bool> flattenIfDeeper(virDomainPtr domain, const std::string& domainName, const std::string& hostUri,
                                   std::size_t depth = kFlattenDepth);

// Starts a block pull that copies every backing file of the disk into its overlay, which then
// no longer needs them. The domain keeps running. Returns false when the disk has no backing file.
core::Result<bool> pullWholeChain(virDomainPtr domain, const std::string& domainName, const std::string& hostUri);

// Cancels the block job on the disk without waiting for it to end. A cancelled pull leaves the
// chain as it was.
core::Status cancelBlockJob(virDomainPtr domain, const std::string& domainName, const std::string& hostUri);

// Waits until no block job runs on the domain's disk, for at most `timeout`. Snapshots and saves
// are rejected while a pull runs. Fails with Timeout naming the domain when the job outlasts it.
core::Status waitForBlockJob(virDomainPtr domain, const std::string& domainName, const std::string& hostUri,
                             std::chrono::milliseconds timeout);

}  // namespace shoal::hypervisor
