// The lifecycle calls of LibvirtHostConnection: sleep, wake, resume, warm state, clone and disk export.

#include <chrono>

#include <libvirt/virterror.h>

#include "hypervisor/calllog.h"
#include "hypervisor/diskexport.h"
#include "hypervisor/libvirterror.h"
#include "hypervisor/libvirthostconnection.h"
#include "hypervisor/sandboxclone.h"
#include "hypervisor/sandboxinventory.h"
#include "hypervisor/phaserecorder.h"
#include "hypervisor/staterestore.h"
#include "hypervisor/statevolumes.h"
#include "hypervisor/warmstate.h"

namespace shoal::hypervisor {

namespace {

// A warm state made on the way to a snapshot start boots the template cold first.
constexpr int kWarmStateReadyTimeoutSeconds = 120;

std::int64_t nowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

void LibvirtHostConnection::setPhaseObserver(core::PhaseObserver observer)
{
    m_phaseObserver = std::move(observer);
}

core::Result<core::SandboxInfo> LibvirtHostConnection::describeSandbox(const std::string& domainName)
{
    SandboxInventory inventory(m_connection, m_uri.text(), *m_events);
    core::Result<DomainHandle> domain = inventory.lookup(domainName);
    if (!domain)
        return tl::unexpected(domain.error());
    core::Result<std::optional<core::SandboxInfo>> described = inventory.describe(domain->get());
    if (!described)
        return tl::unexpected(described.error());
    if (!*described)
        return core::fail(core::ErrorCode::NotFound, "Domain \"" + domainName + "\" on host \"" + m_uri.text() + "\" is not a Shoal sandbox");
    std::vector<core::SandboxInfo> one{std::move(**described)};
    markAsleepSandboxes(one);
    return one.front();
}

void LibvirtHostConnection::markAsleepSandboxes(std::vector<core::SandboxInfo>& sandboxes)
{
    // libvirt reports "shut off, saved" only until libvirtd restarts, and not at all for a
    // sandbox whose state volume another console wrote, so the state volume decides.
    for (core::SandboxInfo& sandbox : sandboxes) {
        if (sandbox.state != core::SandboxState::Stopped && sandbox.state != core::SandboxState::Asleep)
            continue;
        core::Result<StorageVolumeHandle> volume = m_pool->lookup(stateVolumeName(sandbox.domainName));
        if (!volume && volume.error().code != core::ErrorCode::NotFound) {
            core::logger("hypervisor")->warn("{}", volume.error().detail);
            continue;
        }
        sandbox.state = volume ? core::SandboxState::Asleep : core::SandboxState::Stopped;
    }
}

void LibvirtHostConnection::recordStart(const std::string& domainName)
{
    const std::int64_t startedAtMs = nowMs();
    m_events->markStarted(domainName, startedAtMs);
    SandboxInventory inventory(m_connection, m_uri.text(), *m_events);
    if (core::Result<DomainHandle> domain = inventory.lookup(domainName); domain)
        inventory.recordStartTime(domain->get(), startedAtMs);
}

core::Result<core::SandboxInfo> LibvirtHostConnection::sleepSandbox(const std::string& domainName)
{
    if (auto connected = requireConnected(); !connected)
        return tl::unexpected(connected.error());
    // A host that cannot restore must not put a sandbox to sleep that it could not wake.
    if (auto supported = requireLifecycleSupport("put sandbox \"" + domainName + "\" to sleep"); !supported)
        return tl::unexpected(supported.error());
    SandboxSleep sleep(m_connection, m_uri.text(), *m_pool, m_phaseObserver);
    if (auto slept = sleep.sleep(domainName, m_stateSpaceMarginBytes); !slept)
        return tl::unexpected(slept.error());
    return describeSandbox(domainName);
}

core::Result<core::SandboxInfo> LibvirtHostConnection::wakeSandbox(const std::string& domainName, core::WakeMode mode)
{
    if (auto connected = requireConnected(); !connected)
        return tl::unexpected(connected.error());
    SandboxSleep sleep(m_connection, m_uri.text(), *m_pool, m_phaseObserver);
    if (auto woken = sleep.wake(domainName, mode); !woken)
        return tl::unexpected(woken.error());
    recordStart(domainName);
    return describeSandbox(domainName);
}

core::Status LibvirtHostConnection::resumeSandbox(const std::string& domainName)
{
    if (auto connected = requireConnected(); !connected)
        return connected;
    core::Result<DomainHandle> domain = SandboxInventory(m_connection, m_uri.text(), *m_events).lookup(domainName);
    if (!domain)
        return tl::unexpected(domain.error());
    logCall("virDomainResume(\"{}\") on \"{}\"", domainName, m_uri.text());
    if (virDomainResume(domain->get()) < 0)
        return tl::unexpected(lastLibvirtError("Failed to resume sandbox \"" + domainName + "\" on host \"" + m_uri.text() + "\""));
    // A resumed pool entry starts its run as the user's sandbox now, so its uptime counts from here.
    recordStart(domainName);
    return {};
}

core::Status LibvirtHostConnection::requireLifecycleSupport(const std::string& action)
{
    // Without a probe the driver name decides; the probe replaces that guess with its checks.
    const bool supported = m_capabilities ? m_capabilities->canSnapshotStart : !m_isTestDriver;
    if (supported)
        return {};
    return core::fail(core::ErrorCode::Unsupported,
                      "Failed to " + action + " on host \"" + m_uri.text() + "\": the host cannot restore rewritten save images");
}

core::Result<core::SandboxInfo> LibvirtHostConnection::runColdCreate(const CreateTarget& target, const core::SandboxSpec& spec,
                                                                     const TemplateVolumePaths& volumes)
{
    PhaseRecorder phases(m_phaseObserver, spec.domainName);
    return phases.run("create", [&] { return SandboxCreation(target, m_createStepHook).run(spec, volumes); });
}

core::Result<core::SandboxInfo> LibvirtHostConnection::startFromWarmState(const CreateTarget& target, const core::SandboxSpec& spec,
                                                                          const TemplateVolumePaths& volumes)
{
    if (auto supported = requireLifecycleSupport("start sandbox \"" + spec.domainName + "\" from a snapshot"); !supported)
        return tl::unexpected(supported.error());

    WarmStates warmStates(target, m_phaseObserver);
    core::Result<RestoreSource> source = warmStates.source(spec.sandboxTemplate, volumes);
    if (!source) {
        core::Result<core::WarmState> prepared = warmStates.prepare(spec.sandboxTemplate, volumes, kWarmStateReadyTimeoutSeconds);
        if (!prepared)
            return tl::unexpected(prepared.error());
        source = warmStates.source(spec.sandboxTemplate, volumes);
        if (!source)
            return tl::unexpected(source.error());
    }

    const RestoreStart start = spec.startMode == core::StartMode::PoolPaused ? RestoreStart::Paused : RestoreStart::Running;
    return StateRestore(target, m_createStepHook, m_phaseObserver).run(spec.domainName, spec.metadata, *source, start);
}

core::Result<core::WarmState> LibvirtHostConnection::prepareWarmState(const core::Template& sandboxTemplate, core::DomainType domainType,
                                                                      int readyTimeoutSeconds)
{
    if (auto connected = requireConnected(); !connected)
        return tl::unexpected(connected.error());
    if (auto supported = requireLifecycleSupport("prepare the warm state of template \"" + sandboxTemplate.name + "\""); !supported)
        return tl::unexpected(supported.error());
    core::Result<TemplateVolumePaths> volumes = prepareVolumes(sandboxTemplate);
    if (!volumes)
        return tl::unexpected(volumes.error());
    core::Result<CreateTarget> target = createTarget(domainType == core::DomainType::Auto ? core::DomainType::Qemu : domainType);
    if (!target)
        return tl::unexpected(target.error());
    return WarmStates(*target, m_phaseObserver).prepare(sandboxTemplate, *volumes, readyTimeoutSeconds);
}

core::Result<int> LibvirtHostConnection::discardWarmStates(const std::string& templateName)
{
    if (auto connected = requireConnected(); !connected)
        return tl::unexpected(connected.error());
    core::Result<CreateTarget> target = createTarget(core::DomainType::Qemu);
    if (!target)
        return tl::unexpected(target.error());
    return WarmStates(*target, m_phaseObserver).discard(templateName);
}

core::Result<int> LibvirtHostConnection::discardTemplateVolumes(const std::string& templateName)
{
    if (auto connected = requireConnected(); !connected)
        return tl::unexpected(connected.error());
    const TemplateUpload mode = m_isTestDriver ? TemplateUpload::Placeholder : TemplateUpload::Upload;
    return TemplateVolumes(*m_pool, m_uri.text(), mode).discard(templateName);
}

core::Result<core::CloneResult> LibvirtHostConnection::cloneSandbox(const std::string& sourceDomainName,
                                                                    const std::vector<core::CloneTarget>& targets)
{
    if (auto connected = requireConnected(); !connected)
        return tl::unexpected(connected.error());
    if (auto supported = requireLifecycleSupport("clone sandbox \"" + sourceDomainName + "\""); !supported)
        return tl::unexpected(supported.error());
    core::Result<CreateTarget> target = createTarget(core::DomainType::Qemu);
    if (!target)
        return tl::unexpected(target.error());
    if (!m_restoreLanes)
        m_restoreLanes = std::make_unique<RestoreLanes>([this] { return openLaneConnection(); }, m_uri.text());
    core::Result<core::CloneResult> result =
        SandboxClone(*target, m_createStepHook, m_phaseObserver, m_restoreLanes.get()).run(sourceDomainName, targets);
    if (result) {
        for (const core::SandboxInfo& clone : result->clones)
            recordStart(clone.domainName);
    }
    return result;
}

core::Status LibvirtHostConnection::exportDisk(const std::string& domainName, const std::string& localPath)
{
    if (auto connected = requireConnected(); !connected)
        return connected;
    // The test driver keeps placeholder volumes and cannot stream them out.
    if (m_isTestDriver) {
        return core::fail(core::ErrorCode::Unsupported, "Host \"" + m_uri.text() + "\" cannot copy the disk of sandbox \"" +
                                                            domainName + "\": libvirt's test driver has no volume download");
    }
    PhaseRecorder phases(m_phaseObserver, domainName);
    return phases.run("copy-disk", [&] { return DiskExport(m_connection, m_uri.text(), *m_pool).run(domainName, localPath); });
}

}  // namespace shoal::hypervisor
