#include "hypervisor/diskchain.h"

#include <thread>

#include <pugixml.hpp>

#include "core/log.h"
#include "hypervisor/calllog.h"
#include "hypervisor/libvirterror.h"
#include "hypervisor/libvirthandles.h"

namespace shoal::hypervisor {

namespace {

constexpr std::chrono::milliseconds kBlockJobPollInterval{50};

// Starts a block pull of the disk `target` that copies every layer above `base` into the overlay,
// or every backing file when `base` is null.
core::Status startBlockPull(virDomainPtr domain, const std::string& domainName, const std::string& hostUri,
                            const std::string& target, const char* base)
{
    logCall("virDomainBlockRebase(\"{}\", \"{}\", base \"{}\") on \"{}\"", domainName, target, base ? base : "none", hostUri);
    if (virDomainBlockRebase(domain, target.c_str(), base, 0, 0) < 0) {
        return tl::unexpected(lastLibvirtError("Failed to start a block pull on the disk of sandbox \"" + domainName +
                                               "\" on host \"" + hostUri + "\""));
    }
    return {};
}

}  // namespace

core::Result<DiskChain> readDiskChain(virDomainPtr domain, const std::string& domainName)
{
    const std::string context = "Failed to read the disk chain of sandbox \"" + domainName + "\"";
    LibvirtString xml(virDomainGetXMLDesc(domain, 0));
    if (!xml)
        return tl::unexpected(lastLibvirtError(context));
    pugi::xml_document document;
    if (!document.load_string(xml.get()))
        return core::fail(core::ErrorCode::InvalidArgument, context + ": libvirt returned XML that does not parse");

    pugi::xml_node disk = document.child("domain").child("devices").child("disk");
    DiskChain chain;
    chain.target = disk.child("target").attribute("dev").as_string();
    chain.activePath = disk.child("source").attribute("file").as_string();
    if (chain.target.empty() || chain.activePath.empty())
        return core::fail(core::ErrorCode::InvalidArgument, context + ": its domain XML has no file disk");
    for (pugi::xml_node backing = disk.child("backingStore"); backing; backing = backing.child("backingStore")) {
        const char* path = backing.child("source").attribute("file").as_string();
        if (*path == '\0')
            break;
        chain.backing.emplace_back(path);
    }
    return chain;
}

core::Result<bool> flattenIfDeeper(virDomainPtr domain, const std::string& domainName, const std::string& hostUri,
                                   std::size_t depth)
{
    core::Result<DiskChain> chain = readDiskChain(domain, domainName);
    if (!chain)
        return tl::unexpected(chain.error());
    if (chain->backing.size() <= depth)
        return false;

    const std::string& base = chain->backing.back();
    if (core::Status started = startBlockPull(domain, domainName, hostUri, chain->target, base.c_str()); !started)
        return tl::unexpected(started.error());
    core::logger("hypervisor")->info("Flattening the disk of sandbox \"{}\" on host \"{}\" in the background: {} layers onto \"{}\"",
                                     domainName, hostUri, chain->backing.size() - 1, base);
    return true;
}

core::Result<bool> pullWholeChain(virDomainPtr domain, const std::string& domainName, const std::string& hostUri)
{
    core::Result<DiskChain> chain = readDiskChain(domain, domainName);
    if (!chain)
        return tl::unexpected(chain.error());
    if (chain->backing.empty())
        return false;

    if (core::Status started = startBlockPull(domain, domainName, hostUri, chain->target, nullptr); !started)
        return tl::unexpected(started.error());
    return true;
}

core::Status cancelBlockJob(virDomainPtr domain, const std::string& domainName, const std::string& hostUri)
{
    core::Result<DiskChain> chain = readDiskChain(domain, domainName);
    if (!chain)
        return tl::unexpected(chain.error());
    logCall("virDomainBlockJobAbort(\"{}\", \"{}\") on \"{}\"", domainName, chain->target, hostUri);
    if (virDomainBlockJobAbort(domain, chain->target.c_str(), VIR_DOMAIN_BLOCK_JOB_ABORT_ASYNC) < 0)
        return tl::unexpected(lastLibvirtError("Failed to cancel the block job of sandbox \"" + domainName + "\" on host \"" + hostUri + "\""));
    return {};
}

core::Status waitForBlockJob(virDomainPtr domain, const std::string& domainName, const std::string& hostUri,
                             std::chrono::milliseconds timeout)
{
    core::Result<DiskChain> chain = readDiskChain(domain, domainName);
    if (!chain)
        return tl::unexpected(chain.error());
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        virDomainBlockJobInfo info{};
        const int active = virDomainGetBlockJobInfo(domain, chain->target.c_str(), &info, 0);
        if (active < 0)
            return tl::unexpected(lastLibvirtError("Failed to read the block job of sandbox \"" + domainName + "\" on host \"" + hostUri + "\""));
        if (active == 0)
            return {};
        if (std::chrono::steady_clock::now() >= deadline) {
            return core::fail(core::ErrorCode::Timeout,
                              "Sandbox \"" + domainName + "\" on host \"" + hostUri + "\" is still flattening its disk after " +
                                  std::to_string(timeout.count() / 1000) + " s (" + std::to_string(info.cur >> 20) + " of " +
                                  std::to_string(info.end >> 20) + " MiB copied); try again when it is done");
        }
        std::this_thread::sleep_for(kBlockJobPollInterval);
    }
}

}  // namespace shoal::hypervisor
