#include "hypervisor/hostprobe.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>

#include <strings.h>
#include <unistd.h>

#include <libvirt/virterror.h>

#include "hypervisor/calllog.h"
#include "hypervisor/domainstate.h"
#include "hypervisor/libvirterror.h"

namespace shoal::hypervisor {

namespace {

// A path that no host has, so the restore probe reads nothing and changes nothing.
constexpr const char* kMissingSaveImage = "/nonexistent-shoal-probe/probe.save";
constexpr std::string_view kProbeData = "shoal volume probe";

std::string versionText(unsigned long version)
{
    return std::to_string(version / 1000000) + "." + std::to_string(version / 1000 % 1000) + "." +
           std::to_string(version % 1000);
}

// Returns libvirt's own message, which is short enough for a gap note, or else Shoal's detail.
std::string reasonOf(const core::Error& error)
{
    return error.hypervisorMessage.empty() ? error.detail : error.hypervisorMessage;
}

bool isUnsupported(const core::Error& error)
{
    return error.code == core::ErrorCode::Unsupported;
}

std::string probeVolumeName()
{
    static std::atomic<int> counter{0};
    return "probe-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ".raw";
}

}  // namespace

core::DomainType domainTypeFromEnvironment()
{
    const char* value = std::getenv("SHOAL_DOMAIN_TYPE");
    if (!value || !*value)
        return core::DomainType::Auto;
    std::optional<core::DomainType> type = core::domainTypeFromString(value);
    if (!type) {
        core::logger("hypervisor")->warn("Ignoring SHOAL_DOMAIN_TYPE=\"{}\": expected qemu or kvm", value);
        return core::DomainType::Auto;
    }
    return *type;
}

HostProbe::HostProbe(virConnectPtr connection, std::string hostUri, StoragePool& pool, core::DomainType requestedType)
    : m_connection(connection), m_hostUri(std::move(hostUri)), m_pool(pool), m_requestedType(requestedType)
{
}

core::Result<core::HostCapabilities> HostProbe::run()
{
    core::HostCapabilities capabilities;
    if (auto read = readVersions(capabilities); !read)
        return tl::unexpected(read.error());

    logCall("virConnectGetCapabilities() on \"{}\"", m_hostUri);
    LibvirtString xml(virConnectGetCapabilities(m_connection));
    if (!xml)
        return tl::unexpected(lastLibvirtError("Failed to read the capabilities of host \"" + m_hostUri + "\""));
    logXml("host capabilities", xml.get());
    m_guests = GuestCapabilities::parse(xml.get());

    probeVolumeStreams(capabilities);
    probeSaveRestore(capabilities);
    probeBulkStats(capabilities);
    probeSchedulerQuota(capabilities);
    chooseDomainType(capabilities);
    judgeLifecycle(capabilities);
    return capabilities;
}

core::Status HostProbe::readVersions(core::HostCapabilities& capabilities)
{
    logCall("virConnectGetType() on \"{}\"", m_hostUri);
    const char* driver = virConnectGetType(m_connection);
    if (!driver)
        return tl::unexpected(lastLibvirtError("Failed to read the driver name of host \"" + m_hostUri + "\""));
    m_driverName = driver;
    capabilities.isTestDriver = isTestDriverName(m_driverName.c_str());

    unsigned long libraryVersion = 0;
    unsigned long hypervisorVersion = 0;
    logCall("virConnectGetLibVersion() and virConnectGetVersion() on \"{}\"", m_hostUri);
    if (virConnectGetLibVersion(m_connection, &libraryVersion) < 0 || virConnectGetVersion(m_connection, &hypervisorVersion) < 0)
        return tl::unexpected(lastLibvirtError("Failed to read the versions of host \"" + m_hostUri + "\""));
    capabilities.libvirtVersion = versionText(libraryVersion);
    capabilities.hypervisorVersion = m_driverName + " " + versionText(hypervisorVersion);
    return {};
}

void HostProbe::probeVolumeStreams(core::HostCapabilities& capabilities)
{
    const std::string name = probeVolumeName();
    core::Result<StorageVolumeHandle> volume = m_pool.createRawVolume(name, 0);
    if (!volume) {
        capabilities.gaps.push_back("no volume upload: " + reasonOf(volume.error()));
        capabilities.gaps.push_back("no console read-back: the probe volume could not be created");
        return;
    }

    core::Status uploaded = m_pool.uploadData(volume->get(), kProbeData);
    capabilities.canUploadVolumes = uploaded.has_value();
    if (!uploaded)
        capabilities.gaps.push_back("no volume upload: " + reasonOf(uploaded.error()));

    // The console log is read back through the same download stream, so a download that
    // returns what was written proves that readiness can be detected on this host.
    core::Result<std::string> downloaded = m_pool.download(volume->get(), 0, 0);
    capabilities.canReadConsole = downloaded && (!uploaded || *downloaded == kProbeData);
    if (!downloaded)
        capabilities.gaps.push_back("no console read-back: " + reasonOf(downloaded.error()));
    else if (!capabilities.canReadConsole)
        capabilities.gaps.push_back("no console read-back: a downloaded volume differs from what was uploaded");

    if (auto deleted = m_pool.deleteVolume(name); !deleted)
        core::logger("hypervisor")->warn("{}", deleted.error().detail);
}

void HostProbe::probeSaveRestore(core::HostCapabilities& capabilities)
{
    // A driver that cannot restore with a replacement XML rejects the XML before it looks for
    // the file. A driver that can restore that way fails on the missing file instead.
    logCall("virDomainRestoreFlags(\"{}\", <domain/>) on \"{}\" as a probe", kMissingSaveImage, m_hostUri);
    if (virDomainRestoreFlags(m_connection, kMissingSaveImage, "<domain/>", 0) == 0) {
        capabilities.canSaveRestore = true;
        return;
    }
    core::Error error = lastLibvirtError("Probe of restore with XML");
    capabilities.canSaveRestore = !isUnsupported(error);
    if (!capabilities.canSaveRestore)
        capabilities.gaps.push_back("no save/restore with XML: " + reasonOf(error));
}

void HostProbe::probeBulkStats(core::HostCapabilities& capabilities)
{
    const unsigned groups = VIR_DOMAIN_STATS_STATE | VIR_DOMAIN_STATS_CPU_TOTAL | VIR_DOMAIN_STATS_BALLOON |
                            VIR_DOMAIN_STATS_VCPU | VIR_DOMAIN_STATS_INTERFACE | VIR_DOMAIN_STATS_BLOCK;
    virDomainStatsRecordPtr* records = nullptr;
    logCall("virConnectGetAllDomainStats({:#x}, ENFORCE_STATS) on \"{}\" as a probe", groups, m_hostUri);
    int count = virConnectGetAllDomainStats(m_connection, groups, &records, VIR_CONNECT_GET_ALL_DOMAINS_STATS_ENFORCE_STATS);
    if (count >= 0) {
        virDomainStatsRecordListFree(records);
        capabilities.canBulkStats = true;
        return;
    }
    core::Error error = lastLibvirtError("Probe of bulk domain stats");
    capabilities.gaps.push_back("no bulk stats groups: " + reasonOf(error));
}

void HostProbe::probeSchedulerQuota(core::HostCapabilities& capabilities)
{
    virDomainPtr* domains = nullptr;
    logCall("virConnectListAllDomains() on \"{}\"", m_hostUri);
    int count = virConnectListAllDomains(m_connection, &domains, 0);
    if (count <= 0) {
        if (count < 0)
            lastLibvirtError("Probe of scheduler parameters");
        // NOTE: with no domain to ask, the driver name decides: QEMU applies vcpu_quota through
        // cgroups, the test driver has only a weight.
        capabilities.canSetSchedulerQuota = strcasecmp(m_driverName.c_str(), "QEMU") == 0;
        if (!capabilities.canSetSchedulerQuota)
            capabilities.gaps.push_back("no scheduler quotas: the " + m_driverName + " driver has none");
        free(domains);
        return;
    }

    int parameterCount = 0;
    logCall("virDomainGetSchedulerType(\"{}\")", virDomainGetName(domains[0]));
    LibvirtString type(virDomainGetSchedulerType(domains[0], &parameterCount));
    std::vector<virTypedParameter> parameters(static_cast<std::size_t>(std::max(parameterCount, 0)));
    bool read = type && virDomainGetSchedulerParameters(domains[0], parameters.data(), &parameterCount) == 0;
    std::string reason = read ? "the scheduler has no vcpu_quota" : reasonOf(lastLibvirtError("Probe of scheduler parameters"));
    for (int i = 0; read && i < parameterCount; ++i) {
        std::string_view field = parameters[static_cast<std::size_t>(i)].field;
        capabilities.canSetSchedulerQuota = capabilities.canSetSchedulerQuota || field == "vcpu_quota" || field == "global_quota";
    }
    if (!capabilities.canSetSchedulerQuota)
        capabilities.gaps.push_back("no scheduler quotas: " + reason);

    for (int i = 0; i < count; ++i)
        virDomainFree(domains[i]);
    free(domains);
}

void HostProbe::judgeLifecycle(core::HostCapabilities& capabilities)
{
    // Sleep, snapshot start and clone all restore save images that Shoal reads and rewrites
    // through the storage API. External snapshots with memory are a QEMU driver feature; the
    // test driver has neither them nor restore with a rewritten image.
    const bool isQemu = strcasecmp(m_driverName.c_str(), "QEMU") == 0;
    const bool streams = capabilities.canUploadVolumes && capabilities.canReadConsole;
    capabilities.canSleep = isQemu && capabilities.canSaveRestore && streams;
    capabilities.canSnapshotStart = capabilities.canSleep;
    capabilities.canClone = capabilities.canSleep;
    if (!capabilities.canSnapshotStart)
        capabilities.gaps.push_back("no snapshot start, sleep or clone: new sandboxes boot cold");
}

void HostProbe::chooseDomainType(core::HostCapabilities& capabilities)
{
    const bool kvmListed = m_guests.offersDomainType("kvm");
    core::DomainType forced = domainTypeFromEnvironment();
    core::DomainType chosen = forced != core::DomainType::Auto ? forced : m_requestedType;

    // A nested KVM can accept a guest and then hang it after the kernel loads, so listing kvm in
    // the capabilities proves nothing. Only a booted guest would.
    // TODO: boot the template under kvm once and watch for the ready line. Until then Auto means
    // qemu (TCG), and kvm is used only when the user sets it.
    capabilities.kvmAvailable = false;
    if (chosen == core::DomainType::Auto)
        chosen = core::DomainType::Qemu;
    capabilities.domainType = chosen;

    if (chosen == core::DomainType::Kvm && !kvmListed)
        capabilities.gaps.push_back("kvm is set for this host but its capabilities do not offer it");
    else if (kvmListed && chosen == core::DomainType::Qemu)
        capabilities.gaps.push_back("KVM is offered but not verified to run guests; using qemu (TCG), set SHOAL_DOMAIN_TYPE=kvm to use it");
    else if (!kvmListed && !capabilities.isTestDriver)
        capabilities.gaps.push_back("no KVM: guests run under qemu (TCG)");
}

}  // namespace shoal::hypervisor
