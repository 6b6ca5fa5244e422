#include "hypervisor/warmstate.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include <libvirt/virterror.h>
#include <spdlog/fmt/fmt.h>

#include "core/burst.h"
#include "hypervisor/calllog.h"
#include "hypervisor/diskchain.h"
#include "hypervisor/libvirterror.h"
#include "hypervisor/phaserecorder.h"
#include "hypervisor/statevolumes.h"

namespace shoal::hypervisor {

namespace {

// 64 characters for a domain name, less "shoal-warm-", a dash and 16 hex digits.
constexpr std::size_t kMaxTemplatePart = 64 - 11 - 1 - 16;
constexpr auto kReadyPollInterval = std::chrono::milliseconds(50);

std::string hashText(std::string_view text)
{
    std::uint64_t hash = 0xcbf29ce484222325ULL;  // FNV-1a 64-bit
    for (char c : text) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 0x100000001b3ULL;
    }
    return fmt::format("{:016x}", hash);
}

bool startsWith(std::string_view text, std::string_view prefix)
{
    return text.substr(0, prefix.size()) == prefix;
}

// Returns the warm state whose disk volume is `volumeName`, or empty when it is not a warm disk
// of the template.
std::string warmStateOfDisk(const std::string& templateName, const std::string& volumeName)
{
    constexpr std::string_view kDiskSuffix = ".qcow2";
    const bool isDisk = volumeName.size() > kDiskSuffix.size() &&
                        volumeName.compare(volumeName.size() - kDiskSuffix.size(), kDiskSuffix.size(), kDiskSuffix) == 0;
    if (!isDisk || !startsWith(volumeName, warmStatePrefix(templateName)))
        return {};
    return volumeName.substr(0, volumeName.size() - kDiskSuffix.size());
}

bool isRead(const std::vector<VolumeBacking>& backings, const std::string& path)
{
    return std::any_of(backings.begin(), backings.end(), [&](const VolumeBacking& other) { return other.backingPath == path; });
}

}  // namespace

std::string warmStatePrefix(std::string_view templateName)
{
    std::string safeName;
    for (char c : templateName.substr(0, kMaxTemplatePart)) {
        const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
        safeName += safe ? c : '_';
    }
    return std::string(kWarmStatePrefix) + safeName + "-";
}

WarmStates::WarmStates(CreateTarget target, const core::PhaseObserver& observer)
    : m_target(std::move(target)), m_observer(observer)
{
}

std::string WarmStates::nameFor(const core::Template& sandboxTemplate, const TemplateVolumePaths& volumes) const
{
    // The volume paths name the file contents by hash, so this covers every input of the boot.
    const std::string inputs = fmt::format("{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}", volumes.kernelPath, volumes.initrdPath,
                                           volumes.baseImagePath, sandboxTemplate.kernelCmdline, sandboxTemplate.vcpus,
                                           sandboxTemplate.memoryMiB, sandboxTemplate.diskMiB, m_target.domainType, m_target.arch);
    // The maximum memory enters the hash only where it differs, so plain templates keep their
    // warm states.
    const std::uint64_t maximumMemory = core::maximumMemoryMiB(sandboxTemplate);
    const std::string memoryInput = maximumMemory > sandboxTemplate.memoryMiB ? fmt::format("\nmax={}", maximumMemory) : "";
    return warmStatePrefix(sandboxTemplate.name) + hashText(inputs + memoryInput);
}

core::Result<core::WarmState> WarmStates::prepare(const core::Template& sandboxTemplate, const TemplateVolumePaths& volumes,
                                                  int readyTimeoutSeconds)
{
    const std::string name = nameFor(sandboxTemplate, volumes);
    if (core::Result<core::WarmState> existing = reuse(sandboxTemplate, name); existing)
        return existing;

    // Whatever is left under this name is an unfinished warm state. No sandbox reads its disk,
    // because none is made from a warm state without a save image.
    removeWarmState(name);
    if (auto booted = boot(sandboxTemplate, volumes, name, readyTimeoutSeconds); !booted) {
        removeWarmState(name);
        return tl::unexpected(booted.error());
    }
    discardOthers(sandboxTemplate.name, name);

    core::Result<core::WarmState> made = reuse(sandboxTemplate, name);
    if (made) {
        made->reused = false;
        core::logger("hypervisor")->info("Prepared warm state \"{}\" of template \"{}\" on host \"{}\"", name, sandboxTemplate.name, m_target.hostUri);
    }
    return made;
}

core::Result<core::WarmState> WarmStates::reuse(const core::Template& sandboxTemplate, const std::string& name)
{
    // A warm state is complete when its domain is gone and its save image has a whole header.
    logCall("virDomainLookupByName(\"{}\") on \"{}\"", name, m_target.hostUri);
    DomainHandle domain(virDomainLookupByName(m_target.connection, name.c_str()));
    virResetLastError();
    if (domain)
        return core::fail(core::ErrorCode::InvalidState, "Warm state \"" + name + "\" is still being made");

    core::Result<RestoreSource> source = openWarmState(name);
    if (!source)
        return tl::unexpected(source.error());
    core::Result<StorageVolumeHandle> state = m_target.pool->lookup(source->stateVolume);
    if (!state)
        return tl::unexpected(state.error());
    core::Result<VolumeInfo> info = m_target.pool->info(state->get());
    if (!info)
        return tl::unexpected(info.error());

    core::WarmState warm;
    warm.templateName = sandboxTemplate.name;
    warm.contentHash = name.substr(name.size() - 16);
    warm.stateVolume = name + ".save";
    warm.diskVolume = name + ".qcow2";
    warm.stateBytes = info->capacityBytes;
    warm.reused = true;
    return warm;
}

core::Result<RestoreSource> WarmStates::source(const core::Template& sandboxTemplate, const TemplateVolumePaths& volumes)
{
    return openWarmState(nameFor(sandboxTemplate, volumes));
}

core::Result<RestoreSource> WarmStates::openWarmState(const std::string& name)
{
    core::Result<StorageVolumeHandle> state = m_target.pool->lookup(name + ".save");
    if (!state)
        return tl::unexpected(state.error());
    core::Result<StorageVolumeHandle> disk = m_target.pool->lookup(name + ".qcow2");
    if (!disk)
        return tl::unexpected(disk.error());
    core::Result<SaveImageHeader> header = readSaveImageHeader(*m_target.pool, state->get());
    if (!header)
        return tl::unexpected(header.error());
    core::Result<VolumeInfo> diskInfo = m_target.pool->info(disk->get());
    if (!diskInfo)
        return tl::unexpected(diskInfo.error());

    RestoreSource source;
    source.stateVolume = name + ".save";
    source.reusableCopy = name + ".restore";
    source.header = std::move(*header);
    source.frozenDiskPath = m_target.pool->volumePath(disk->get());
    source.diskCapacityBytes = diskInfo->capacityBytes;
    return source;
}

core::Status WarmStates::boot(const core::Template& sandboxTemplate, const TemplateVolumePaths& volumes, const std::string& name,
                              int readyTimeoutSeconds)
{
    PhaseRecorder phases(m_observer, name);
    core::SandboxSpec spec;
    spec.domainName = name;
    spec.metadata.id = name.substr(6);
    spec.metadata.displayName = "warm state of " + sandboxTemplate.name;
    spec.metadata.templateName = sandboxTemplate.name;
    spec.metadata.createdAtMs = std::chrono::duration_cast<std::chrono::milliseconds>(
                                    std::chrono::system_clock::now().time_since_epoch()).count();
    spec.sandboxTemplate = sandboxTemplate;
    // The warm state boots without the baseline CPU quota, so preparing it is not slowed down.
    // A sandbox restored from it gets its quota from the fleet after the restore.
    spec.sandboxTemplate.burst.baselineCpuPercent = core::kMaxBaselineCpuPercent;

    core::Result<core::SandboxInfo> created = phases.run("boot", [&] { return SandboxCreation(m_target, {}).run(spec, volumes); });
    if (!created)
        return tl::unexpected(created.error());
    if (auto ready = phases.run("wait-ready", [&] { return waitReady(name, sandboxTemplate.readyMarker, readyTimeoutSeconds); }); !ready)
        return ready;
    if (auto flattened = phases.run("flatten", [&] { return flatten(name); }); !flattened)
        return flattened;
    return phases.run("save", [&] { return save(name); });
}

core::Status WarmStates::waitReady(const std::string& name, const std::string& marker, int timeoutSeconds)
{
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeoutSeconds);
    while (std::chrono::steady_clock::now() < deadline) {
        core::Result<StorageVolumeHandle> console = m_target.pool->lookup(name + ".log");
        if (!console)
            return tl::unexpected(console.error());
        core::Result<std::string> text = m_target.pool->download(console->get(), 0, 0);
        if (!text)
            return tl::unexpected(text.error());
        if (text->find(marker) != std::string::npos)
            return {};
        std::this_thread::sleep_for(kReadyPollInterval);
    }
    return core::fail(core::ErrorCode::Timeout, "Failed to prepare warm state \"" + name + "\" on host \"" + m_target.hostUri +
                                                    "\": the guest did not print \"" + marker + "\" within " +
                                                    std::to_string(timeoutSeconds) + " s");
}

core::Status WarmStates::flatten(const std::string& name)
{
    // Sandboxes started from the warm state get an overlay over its disk. With the template's
    // base copied into that disk, their chain has two files instead of three, and each restore
    // is about 20 ms faster (libvirt 9.0, QEMU 7.2 under TCG). The price is one copy of the
    // base's used blocks per warm state.
    DomainHandle domain(virDomainLookupByName(m_target.connection, name.c_str()));
    if (!domain)
        return tl::unexpected(lastLibvirtError("Failed to find warm-state domain \"" + name + "\""));
    core::Result<bool> started = pullWholeChain(domain.get(), name, m_target.hostUri);
    if (!started)
        return tl::unexpected(started.error());
    if (!*started)
        return {};
    core::Status pulled = waitForBlockJob(domain.get(), name, m_target.hostUri, kFlattenWait);
    if (pulled || pulled.error().code != core::ErrorCode::Timeout)
        return pulled;

    // A large base can take longer than the wait. Cancelling a pull leaves the chain as it was,
    // so the warm state is saved over the base as before, only with one file more to restore.
    // NOTE: no test reaches this path, because it needs a pull that outlasts kFlattenWait.
    core::logger("hypervisor")->warn("{}; cancelling it and keeping the base as a backing file", pulled.error().detail);
    if (core::Status cancelled = cancelBlockJob(domain.get(), name, m_target.hostUri); !cancelled)
        return cancelled;
    return waitForBlockJob(domain.get(), name, m_target.hostUri, kFlattenWait);
}

core::Status WarmStates::save(const std::string& name)
{
    DomainHandle domain(virDomainLookupByName(m_target.connection, name.c_str()));
    if (!domain)
        return tl::unexpected(lastLibvirtError("Failed to find warm-state domain \"" + name + "\""));
    core::Result<StorageVolumeHandle> state = m_target.pool->createRawVolume(name + ".save", 0);
    if (!state)
        return tl::unexpected(state.error());
    const std::string path = m_target.pool->volumePath(state->get());
    logCall("virDomainSaveFlags(\"{}\", \"{}\") on \"{}\"", name, path, m_target.hostUri);
    if (virDomainSaveFlags(domain.get(), path.c_str(), nullptr, 0) < 0)
        return tl::unexpected(lastLibvirtError("Failed to save warm state \"" + name + "\" on host \"" + m_target.hostUri + "\""));

    // The domain has done its job. Its disk stays, frozen, and its console log goes.
    logCall("virDomainUndefine(\"{}\") on \"{}\"", name, m_target.hostUri);
    if (virDomainUndefine(domain.get()) < 0)
        return tl::unexpected(lastLibvirtError("Failed to undefine warm-state domain \"" + name + "\" on host \"" + m_target.hostUri + "\""));
    if (auto deleted = m_target.pool->deleteVolume(name + ".log"); !deleted)
        core::logger("hypervisor")->warn("{}", deleted.error().detail);
    return {};
}

void WarmStates::removeWarmState(const std::string& name)
{
    auto log = core::logger("hypervisor");
    DomainHandle domain(virDomainLookupByName(m_target.connection, name.c_str()));
    virResetLastError();
    if (domain) {
        if (virDomainIsActive(domain.get()) == 1 && virDomainDestroy(domain.get()) < 0)
            log->warn("{}", lastLibvirtError("Failed to stop warm-state domain \"" + name + "\"").detail);
        if (virDomainUndefine(domain.get()) < 0)
            log->warn("{}", lastLibvirtError("Failed to undefine warm-state domain \"" + name + "\"").detail);
    }
    for (const char* suffix : {".restore", ".restore.lock", ".save", ".log", ".qcow2"}) {
        if (auto deleted = m_target.pool->deleteVolume(name + suffix); !deleted)
            log->warn("{}", deleted.error().detail);
    }
}

void WarmStates::discardOthers(const std::string& templateName, const std::string& keep)
{
    core::Result<std::vector<VolumeBacking>> backings = m_target.pool->listBackings();
    if (!backings) {
        core::logger("hypervisor")->warn("{}", backings.error().detail);
        return;
    }
    for (const VolumeBacking& volume : *backings) {
        const std::string name = warmStateOfDisk(templateName, volume.name);
        if (name.empty() || name == keep)
            continue;
        if (isRead(*backings, volume.path)) {
            // Its save image and reusable copy go, so no new sandbox starts from it; the disk stays
            // for its readers.
            for (const char* suffix : {".restore", ".save"}) {
                if (auto deleted = m_target.pool->deleteVolume(name + suffix); !deleted)
                    core::logger("hypervisor")->warn("{}", deleted.error().detail);
            }
            continue;
        }
        removeWarmState(name);
        core::logger("hypervisor")->info("Deleted outdated warm state \"{}\" on host \"{}\"", name, m_target.hostUri);
    }
}

core::Result<int> WarmStates::discard(const std::string& templateName)
{
    core::Result<std::vector<VolumeBacking>> backings = m_target.pool->listBackings();
    if (!backings)
        return tl::unexpected(backings.error());
    int count = 0;
    for (const VolumeBacking& volume : *backings) {
        const std::string name = warmStateOfDisk(templateName, volume.name);
        if (name.empty() || isRead(*backings, volume.path))
            continue;
        removeWarmState(name);
        ++count;
    }
    return count;
}

}  // namespace shoal::hypervisor
