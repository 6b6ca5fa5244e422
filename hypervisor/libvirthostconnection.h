#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <libvirt/libvirt.h>

#include "core/hypervisor.h"
#include "hypervisor/connectionuri.h"
#include "hypervisor/guestcapabilities.h"
#include "hypervisor/hosteventbridge.h"
#include "hypervisor/sandboxcreation.h"
#include "hypervisor/sandboxsleep.h"
#include "hypervisor/templatevolumes.h"
#include "hypervisor/restorelanes.h"
#include "hypervisor/storagepool.h"
#include "hypervisor/syntheticload.h"

namespace shoal::hypervisor {

// One libvirt connection, implementing core::HostConnection. The blocking methods must be
// called from one thread at a time (the host's worker). isConnected() and setEventHandler() may
// be called from any thread. Events arrive on libvirt's event-loop thread.
class LibvirtHostConnection : public core::HostConnection {
public:
    LibvirtHostConnection(core::HostSpec spec, ConnectionUri uri);
    ~LibvirtHostConnection() override;

    const std::string& uri() const override;
    core::Status connect() override;
    void disconnect() override;
    bool isConnected() const override;
    void setEventHandler(core::HostEventHandler handler) override;

    core::Result<core::HostCapabilities> probe() override;
    core::Result<core::HostCapacity> capacity() override;
    core::Result<std::vector<core::SandboxInfo>> listSandboxes() override;
    core::Status prepareTemplate(const core::Template& sandboxTemplate) override;
    core::Result<core::SandboxInfo> createSandbox(const core::SandboxSpec& spec) override;
    core::Status startSandbox(const std::string& domainName) override;
    core::Status stopSandbox(const std::string& domainName, core::StopMode mode) override;
    core::Status destroySandbox(const std::string& domainName) override;
    core::Result<std::string> readConsole(const std::string& domainName, std::size_t maxBytes) override;
    core::Result<std::vector<core::SandboxStats>> collectStats() override;

    // Lifecycle calls, in libvirthostlifecycle.cpp.
    void setPhaseObserver(core::PhaseObserver observer) override;
    core::Result<core::SandboxInfo> sleepSandbox(const std::string& domainName) override;
    core::Result<core::SandboxInfo> wakeSandbox(const std::string& domainName, core::WakeMode mode) override;
    core::Status resumeSandbox(const std::string& domainName) override;
    core::Status updateSandboxMetadata(const std::string& domainName, const core::SandboxMetadata& metadata) override;
    core::Result<core::WarmState> prepareWarmState(const core::Template& sandboxTemplate, core::DomainType domainType,
                                                   int readyTimeoutSeconds) override;
    core::Result<core::CloneResult> cloneSandbox(const std::string& sourceDomainName,
                                                 const std::vector<core::CloneTarget>& targets) override;
    core::Status exportDisk(const std::string& domainName, const std::string& localPath) override;

    // Quotas, in libvirthostburst.cpp.
    core::Result<core::AppliedQuota> setSandboxQuota(const std::string& domainName, const core::SandboxQuota& quota) override;
    core::Result<core::AppliedQuota> readSandboxQuota(const std::string& domainName) override;
    // Reconcile after a crash (libvirthostreconcile.cpp).
    core::Result<core::SandboxRemains> inspectRemains(const std::string& domainName) override;
    core::Status deleteStateImage(const std::string& domainName) override;
    core::Result<std::vector<std::string>> discardLeftovers(const std::string& domainName) override;
    core::Result<std::vector<std::string>> sweepOrphanVolumes(const std::vector<std::string>& protectedDomains,
                                                              std::chrono::seconds minAge) override;

    // Sets the free space a sleep must leave in the pool beyond the sandbox's memory size
    // (kDefaultStateSpaceMarginBytes unless set). Worker thread only.
    void setStateSpaceMargin(std::uint64_t bytes) { m_stateSpaceMarginBytes = bytes; }

    // Deletes the template's warm states whose disks no sandbox reads, and returns how many.
    core::Result<int> discardWarmStates(const std::string& templateName);

    // Deletes the template's volumes that nothing reads, after its warm states, and returns how
    // many volumes went. For a template that is gone for good, such as a benchmark's.
    core::Result<int> discardTemplateVolumes(const std::string& templateName);

    // Test seam: `hook` runs before each step of createSandbox and can fail it.
    void setCreateStepHookForTesting(CreateStepHook hook);

    // The raw connection for tests that drive libvirt directly, or null when disconnected.
    virConnectPtr rawConnectionForTesting() const { return m_connection; }

private:
    core::Status requireConnected() const;
    core::Status openConnection();
    // Opens one more connection to the host, with keepalive and no event callbacks, for a
    // restore lane.
    core::Result<ConnectionHandle> openLaneConnection();
    void ensureScratchPool();
    void closeConnection();
    core::Result<std::string> defaultPoolPath() const;
    core::Result<TemplateVolumePaths> prepareVolumes(const core::Template& sandboxTemplate);
    core::Result<CreateTarget> createTarget(core::DomainType type);
    core::Result<core::SandboxInfo> describeSandbox(const std::string& domainName);
    void markAsleepSandboxes(std::vector<core::SandboxInfo>& sandboxes);
    void recordStart(const std::string& domainName);
    core::Result<core::SandboxInfo> runColdCreate(const CreateTarget& target, const core::SandboxSpec& spec,
                                                  const TemplateVolumePaths& volumes);
    core::Result<core::SandboxInfo> startFromWarmState(const CreateTarget& target, const core::SandboxSpec& spec,
                                                       const TemplateVolumePaths& volumes);
    core::Status requireLifecycleSupport(const std::string& action);
    core::Status requireQuotaSupport(const std::string& domainName);

    core::HostSpec m_spec;
    ConnectionUri m_uri;
    std::shared_ptr<HostEventBridge> m_events;
    virConnectPtr m_connection = nullptr;
    std::unique_ptr<StoragePool> m_pool;
    std::unique_ptr<StoragePool> m_scratch;  // null where the host has no in-memory pool
    std::unique_ptr<RestoreLanes> m_restoreLanes;  // opened by the first clone of more than one sandbox
    bool m_isTestDriver = false;
    std::optional<GuestCapabilities> m_guests;
    std::optional<bool> m_canUpload;
    std::optional<core::HostCapabilities> m_capabilities;  // from the last probe
    CreateStepHook m_createStepHook;
    core::PhaseObserver m_phaseObserver;
    std::uint64_t m_stateSpaceMarginBytes = kDefaultStateSpaceMarginBytes;
    std::optional<bool> m_canBulkStats;   // from the probe; without one, all but the test driver
    SyntheticShapeCache m_syntheticShapes;  // used by collectStats on simulated hosts only
};

}  // namespace shoal::hypervisor
