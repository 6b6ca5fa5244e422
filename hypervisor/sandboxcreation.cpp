#include "hypervisor/sandboxcreation.h"

#include <algorithm>
#include <chrono>

#include <libvirt/virterror.h>

#include "core/burst.h"
#include "hypervisor/calllog.h"
#include "hypervisor/domainstate.h"
#include "hypervisor/domainxml.h"
#include "hypervisor/libvirterror.h"

namespace shoal::hypervisor {

namespace {

constexpr std::size_t kMaxDomainNameLength = 64;
constexpr std::uint64_t kBytesPerMiB = 1024 * 1024;

bool isDomainNameCharacter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
}

}  // namespace

std::string_view toString(CreateStep step)
{
    switch (step) {
    case CreateStep::Overlay: return "overlay";
    case CreateStep::ConsoleLog: return "console-log";
    case CreateStep::Define: return "define";
    case CreateStep::Start: return "start";
    }
    return "unknown";
}

core::Status checkDomainName(std::string_view domainName)
{
    bool valid = isShoalDomainName(domainName) && domainName.size() <= kMaxDomainNameLength &&
                 std::all_of(domainName.begin(), domainName.end(), isDomainNameCharacter);
    if (!valid)
        return core::fail(core::ErrorCode::InvalidArgument,
                          "Invalid domain name \"" + std::string(domainName) +
                              "\": it must be \"shoal-\" followed by letters, digits, '-', '_' or '.', at most 64 characters");
    return {};
}

std::string overlayVolumeName(std::string_view domainName)
{
    return std::string(domainName) + ".qcow2";
}

std::string consoleVolumeName(std::string_view domainName)
{
    return std::string(domainName) + ".log";
}

SandboxCreation::SandboxCreation(CreateTarget target, CreateStepHook hook)
    : m_target(std::move(target)), m_hook(std::move(hook))
{
}

SandboxCreation::~SandboxCreation() = default;

core::Result<core::SandboxInfo> SandboxCreation::run(const core::SandboxSpec& spec, const TemplateVolumePaths& volumes)
{
    m_domainName = spec.domainName;
    if (auto checked = checkDomainName(spec.domainName); !checked)
        return tl::unexpected(checked.error());

    core::Status done = makeVolumes(spec, volumes);
    if (done)
        done = defineDomain(spec, volumes);
    if (done)
        done = startDomain();
    if (!done) {
        rollback();
        return tl::unexpected(done.error());
    }

    core::SandboxInfo info;
    info.metadata = spec.metadata;
    info.domainName = spec.domainName;
    info.hostUri = m_target.hostUri;
    info.state = core::SandboxState::Running;
    info.vcpus = spec.sandboxTemplate.vcpus;
    info.memoryMiB = spec.sandboxTemplate.memoryMiB;
    info.startedAtMs = std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::system_clock::now().time_since_epoch()).count();
    return info;
}

core::Status SandboxCreation::before(CreateStep step)
{
    if (!m_hook)
        return {};
    core::Status allowed = m_hook(step);
    if (!allowed)
        core::logger("hypervisor")->debug("Step \"{}\" of creating \"{}\" failed by the test hook", toString(step), m_domainName);
    return allowed;
}

core::Result<StorageVolumeHandle> SandboxCreation::createOwnVolume(const std::string& name, const VolumeFactory& create)
{
    // Drivers report an existing volume with different error codes, so look before creating.
    if (!m_target.pool->lookup(name))
        return create();

    // Volume names derive from the domain name, so a volume of that name without its domain is
    // left over from an earlier create of this same sandbox that died half-way, and the retry
    // adopts the name by replacing it. While the domain exists, the volume is the domain's.
    logCall("virDomainLookupByName(\"{}\") on \"{}\"", m_domainName, m_target.hostUri);
    DomainHandle existing(virDomainLookupByName(m_target.connection, m_domainName.c_str()));
    virResetLastError();
    if (existing)
        return core::fail(core::ErrorCode::AlreadyExists, "Failed to create volume \"" + name + "\" on host \"" + m_target.hostUri +
                                                              "\": it exists and belongs to the existing domain \"" + m_domainName + "\"");

    core::logger("hypervisor")->warn("Replacing volume \"{}\" on host \"{}\", left over from an earlier failed create of \"{}\"",
                                     name, m_target.hostUri, m_domainName);
    if (auto deleted = m_target.pool->deleteVolume(name); !deleted)
        return tl::unexpected(deleted.error());
    return create();
}

core::Status SandboxCreation::makeVolumes(const core::SandboxSpec& spec, const TemplateVolumePaths& volumes)
{
    if (auto allowed = before(CreateStep::Overlay); !allowed)
        return allowed;

    // The overlay must be at least as large as its base image, or the guest loses the tail.
    std::uint64_t capacity = std::max(spec.sandboxTemplate.diskMiB * kBytesPerMiB, volumes.baseImageBytes);
    std::string overlayName = overlayVolumeName(spec.domainName);
    core::Result<StorageVolumeHandle> overlay = createOwnVolume(overlayName, [&] {
        return m_target.pool->createOverlay(overlayName, capacity, volumes.baseImagePath, "raw");
    });
    if (!overlay)
        return tl::unexpected(overlay.error());
    m_overlayName = overlayName;
    m_overlayPath = m_target.pool->volumePath(overlay->get());

    if (auto allowed = before(CreateStep::ConsoleLog); !allowed)
        return allowed;
    std::string consoleName = consoleVolumeName(spec.domainName);
    core::Result<StorageVolumeHandle> console = createOwnVolume(consoleName, [&] { return m_target.pool->createRawVolume(consoleName, 0); });
    if (!console)
        return tl::unexpected(console.error());
    m_consoleName = consoleName;
    m_consolePath = m_target.pool->volumePath(console->get());
    return {};
}

core::Status SandboxCreation::defineDomain(const core::SandboxSpec& spec, const TemplateVolumePaths& volumes)
{
    if (auto allowed = before(CreateStep::Define); !allowed)
        return allowed;

    DomainDefinition definition;
    definition.name = spec.domainName;
    definition.type = m_target.domainType;
    definition.arch = m_target.arch;
    definition.vcpus = spec.sandboxTemplate.vcpus;
    definition.memoryMiB = spec.sandboxTemplate.memoryMiB;
    definition.maximumMemoryMiB = core::maximumMemoryMiB(spec.sandboxTemplate);
    if (spec.sandboxTemplate.burst.baselineCpuPercent < core::kMaxBaselineCpuPercent)
        definition.cpuQuotaPercent = spec.sandboxTemplate.burst.baselineCpuPercent;
    definition.kernelPath = volumes.kernelPath;
    definition.initrdPath = volumes.initrdPath;
    definition.kernelCmdline = spec.sandboxTemplate.kernelCmdline;
    definition.overlayPath = m_overlayPath;
    definition.backingPath = volumes.baseImagePath;
    definition.consoleLogPath = m_consolePath;
    definition.metadata = spec.metadata;
    core::Result<std::string> xml = buildDomainXml(definition);
    if (!xml)
        return tl::unexpected(xml.error());

    logCall("virDomainDefineXML(\"{}\") on \"{}\"", spec.domainName, m_target.hostUri);
    logXml("domain XML", *xml);
    m_domain.reset(virDomainDefineXML(m_target.connection, xml->c_str()));
    if (!m_domain)
        return tl::unexpected(lastLibvirtError("Failed to define sandbox \"" + spec.domainName + "\" on host \"" + m_target.hostUri + "\""));
    return {};
}

core::Status SandboxCreation::startDomain()
{
    if (auto allowed = before(CreateStep::Start); !allowed)
        return allowed;

    logCall("virDomainCreate(\"{}\") on \"{}\"", m_domainName, m_target.hostUri);
    if (virDomainCreate(m_domain.get()) < 0)
        return tl::unexpected(lastLibvirtError("Failed to start sandbox \"" + m_domainName + "\" on host \"" + m_target.hostUri + "\""));
    m_started = true;
    return {};
}

void SandboxCreation::rollback()
{
    auto log = core::logger("hypervisor");
    if (m_domain) {
        if (m_started) {
            logCall("virDomainDestroy(\"{}\") to roll back", m_domainName);
            if (virDomainDestroy(m_domain.get()) < 0)
                log->warn("{}", lastLibvirtError("Failed to stop sandbox \"" + m_domainName + "\" while rolling back").detail);
        }
        logCall("virDomainUndefine(\"{}\") to roll back", m_domainName);
        if (virDomainUndefine(m_domain.get()) < 0)
            log->warn("{}", lastLibvirtError("Failed to undefine sandbox \"" + m_domainName + "\" while rolling back").detail);
        m_domain.reset();
    }

    for (const std::string* name : {&m_consoleName, &m_overlayName}) {
        if (name->empty())
            continue;
        if (auto deleted = m_target.pool->deleteVolume(*name); !deleted)
            log->warn("{} while rolling back", deleted.error().detail);
    }
    log->info("Rolled back the creation of sandbox \"{}\" on host \"{}\"", m_domainName, m_target.hostUri);
}

}  // namespace shoal::hypervisor
