#pragma once

#include <functional>
#include <string>
#include <string_view>

#include <libvirt/libvirt.h>

#include "core/error.h"
#include "core/model.h"
#include "hypervisor/libvirthandles.h"
#include "hypervisor/storagepool.h"
#include "hypervisor/templatevolumes.h"

namespace shoal::hypervisor {

// The steps of creating a sandbox, in order.
enum class CreateStep { Overlay, ConsoleLog, Define, Start };

std::string_view toString(CreateStep step);

// A function called before each step. A failed Status aborts the creation at that step as if
// libvirt had failed it. Tests use it to prove the rollback, and production code leaves it empty.
using CreateStepHook = std::function<core::Status(CreateStep)>;

// The host on which a sandbox is built, with the domain type and architecture to use there.
struct CreateTarget {
    virConnectPtr connection = nullptr;
    std::string hostUri;
    StoragePool* pool = nullptr;
    StoragePool* scratch = nullptr;  // in-memory pool for short-lived files; null where there is none
    std::string domainType;  // libvirt's name: "qemu", "kvm" or "test"
    std::string arch;        // empty lets libvirt choose
};

// Creates one sandbox as a transaction: its qcow2 overlay, its console log volume, the domain
// definition with Shoal metadata, then the start. When a step fails, everything made by the
// earlier steps is removed again (and nothing that existed before), so a retry starts clean. A
// retry also replaces volumes that a create of the same sandbox left behind when it died
// half-way, as long as no domain of that name exists.
// Used once, on the host connection's worker thread.
class SandboxCreation {
public:
    SandboxCreation(CreateTarget target, CreateStepHook hook);
    ~SandboxCreation();

    // Returns the running sandbox, or the error of the failed step after the rollback.
    core::Result<core::SandboxInfo> run(const core::SandboxSpec& spec, const TemplateVolumePaths& volumes);

private:
    using VolumeFactory = std::function<core::Result<StorageVolumeHandle>()>;

    core::Status before(CreateStep step);
    core::Result<StorageVolumeHandle> createOwnVolume(const std::string& name, const VolumeFactory& create);
    core::Status makeVolumes(const core::SandboxSpec& spec, const TemplateVolumePaths& volumes);
    core::Status defineDomain(const core::SandboxSpec& spec, const TemplateVolumePaths& volumes);
    core::Status startDomain();
    void rollback();

    CreateTarget m_target;
    CreateStepHook m_hook;
    std::string m_domainName;
    std::string m_overlayName;         // set once the overlay exists
    std::string m_overlayPath;
    std::string m_consoleName;         // set once the console log exists
    std::string m_consolePath;
    DomainHandle m_domain;             // set once the domain is defined
    bool m_started = false;
};

// Checks a generated domain name: "shoal-" followed by letters, digits, '-', '_' or '.', at most
// 64 characters in all. Volume and file names are derived from it.
core::Status checkDomainName(std::string_view domainName);

// Names of a sandbox's own volumes, derived from its domain name.
std::string overlayVolumeName(std::string_view domainName);
std::string consoleVolumeName(std::string_view domainName);

}  // namespace shoal::hypervisor
