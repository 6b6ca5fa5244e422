#include "hypervisor/domainstats.h"

#include <chrono>
#include <string_view>

#include <libvirt/virterror.h>

#include "hypervisor/calllog.h"
#include "hypervisor/domainstate.h"
#include "hypervisor/libvirterror.h"
#include "hypervisor/syntheticload.h"

namespace shoal::hypervisor {

namespace {

constexpr unsigned kAllGroups = VIR_DOMAIN_STATS_STATE | VIR_DOMAIN_STATS_CPU_TOTAL | VIR_DOMAIN_STATS_BALLOON |
                                VIR_DOMAIN_STATS_VCPU | VIR_DOMAIN_STATS_INTERFACE | VIR_DOMAIN_STATS_BLOCK;

// Every Shoal sandbox has one disk with this target (see domainxml.cpp).
constexpr const char* kSandboxDiskTarget = "vda";

std::int64_t nowMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::uint64_t numberOf(const virTypedParameter& parameter)
{
    switch (parameter.type) {
    case VIR_TYPED_PARAM_INT:
        return parameter.value.i < 0 ? 0 : static_cast<std::uint64_t>(parameter.value.i);
    case VIR_TYPED_PARAM_UINT:
        return parameter.value.ui;
    case VIR_TYPED_PARAM_LLONG:
        return parameter.value.l < 0 ? 0 : static_cast<std::uint64_t>(parameter.value.l);
    case VIR_TYPED_PARAM_ULLONG:
        return parameter.value.ul;
    default:
        return 0;
    }
}

void addTo(std::optional<std::uint64_t>& sum, std::uint64_t value)
{
    sum = sum.value_or(0) + value;
}

// Matches "<group>.<index>.<field>", e.g. "block.0.rd.bytes" with group "block." and field
// "rd.bytes".
bool isIndexedField(std::string_view name, std::string_view group, std::string_view field)
{
    if (!name.starts_with(group) || !name.ends_with(field) || name.size() <= group.size() + field.size() + 1)
        return false;
    std::string_view middle = name.substr(group.size(), name.size() - group.size() - field.size());
    if (middle.back() != '.')
        return false;
    middle.remove_suffix(1);
    return !middle.empty() && middle.find_first_not_of("0123456789") == std::string_view::npos;
}

// Copies the synthetic counters of a sandbox of `shape` into `stats`, whose name, time and
// state are set.
void applySynthetic(const SyntheticShape& shape, core::SandboxStats& stats)
{
    core::SandboxStats synthetic;
    fillSyntheticCounters(stats.domainName, stats.timestampMs, shape.vcpus, shape.memoryKiB, synthetic);

    // A paused sandbox keeps its memory but does no work. The synthetic counters cannot stand
    // still, so it reports no CPU or I/O counters at all and its rates show as gaps.
    stats.vcpus = synthetic.vcpus;
    stats.balloonCurrentKiB = synthetic.balloonCurrentKiB;
    stats.balloonMaximumKiB = synthetic.balloonMaximumKiB;
    stats.guestAvailableKiB = synthetic.guestAvailableKiB;
    stats.guestUnusedKiB = synthetic.guestUnusedKiB;
    if (stats.state != core::SandboxState::Running)
        return;
    stats.cpuTimeNs = synthetic.cpuTimeNs;
    stats.blockReadBytes = synthetic.blockReadBytes;
    stats.blockWriteBytes = synthetic.blockWriteBytes;
    stats.netRxBytes = synthetic.netRxBytes;
    stats.netTxBytes = synthetic.netTxBytes;
}

}  // namespace

void readStatsRecord(const virTypedParameter* parameters, int count, core::SandboxStats& stats)
{
    int state = -1;
    int reason = 0;
    for (int i = 0; i < count; ++i) {
        const virTypedParameter& parameter = parameters[i];
        const std::string_view name = parameter.field;
        const std::uint64_t value = numberOf(parameter);
        if (name == "state.state")
            state = static_cast<int>(value);
        else if (name == "state.reason")
            reason = static_cast<int>(value);
        else if (name == "cpu.time")
            stats.cpuTimeNs = value;
        else if (name == "vcpu.current")
            stats.vcpus = static_cast<int>(value);
        else if (name == "balloon.current")
            stats.balloonCurrentKiB = value;
        else if (name == "balloon.maximum")
            stats.balloonMaximumKiB = value;
        else if (name == "balloon.unused")
            stats.guestUnusedKiB = value;
        else if (name == "balloon.available")
            stats.guestAvailableKiB = value;
        else if (isIndexedField(name, "block.", "rd.bytes"))
            addTo(stats.blockReadBytes, value);
        else if (isIndexedField(name, "block.", "wr.bytes"))
            addTo(stats.blockWriteBytes, value);
        else if (isIndexedField(name, "net.", "rx.bytes"))
            addTo(stats.netRxBytes, value);
        else if (isIndexedField(name, "net.", "tx.bytes"))
            addTo(stats.netTxBytes, value);
    }
    if (state >= 0)
        stats.state = sandboxStateFromDomainState(state, reason);
}

DomainStatsReader::DomainStatsReader(virConnectPtr connection, std::string hostUri, StatsSource source,
                                     SyntheticShapeCache* shapes)
    : m_connection(connection), m_hostUri(std::move(hostUri)), m_source(source), m_shapes(shapes)
{
}

core::Result<std::vector<core::SandboxStats>> DomainStatsReader::collect()
{
    if (canReuseStates())
        return collectFromStates();

    // With NOWAIT a domain busy with a long job (a save, a migration) reports what it can at once
    // instead of delaying the reply for the whole host.
    const unsigned groups = m_source == StatsSource::BulkAllGroups ? kAllGroups : unsigned{VIR_DOMAIN_STATS_STATE};
    const unsigned flags = VIR_CONNECT_GET_ALL_DOMAINS_STATS_NOWAIT;
    virDomainStatsRecordPtr* records = nullptr;
    logCall("virConnectGetAllDomainStats({:#x}, {:#x}) on \"{}\"", groups, flags, m_hostUri);
    const int count = virConnectGetAllDomainStats(m_connection, groups, &records, flags);
    if (count < 0)
        return tl::unexpected(lastLibvirtError("Failed to read the domain stats of host \"" + m_hostUri + "\""));
    const std::int64_t answeredAtMs = nowMs();

    std::vector<core::SandboxStats> result;
    result.reserve(static_cast<std::size_t>(count));
    if (m_shapes)
        ++m_shapes->poll;
    for (int i = 0; i < count; ++i) {
        const char* name = virDomainGetName(records[i]->dom);
        if (!name || !isShoalDomainName(name))
            continue;
        core::SandboxStats stats;
        stats.domainName = name;
        stats.timestampMs = answeredAtMs;
        readStatsRecord(records[i]->params, records[i]->nparams, stats);
        const bool active = stats.state == core::SandboxState::Running || stats.state == core::SandboxState::Paused;
        if (m_source == StatsSource::BulkStateOnly && active)
            readPerDomain(records[i]->dom, stats);
        else if (m_source == StatsSource::Synthetic && active)
            fillSynthetic(records[i]->dom, stats);
        result.push_back(std::move(stats));
    }
    virDomainStatsRecordListFree(records);
    forgetInactiveShapes();
    if (m_source == StatsSource::Synthetic)
        rememberStates(result);
    return result;
}

bool DomainStatsReader::canReuseStates() const
{
    return m_source == StatsSource::Synthetic && m_shapes && m_shapes->statesLifecycleEvents
        && *m_shapes->statesLifecycleEvents == m_shapes->lifecycleEvents
        && m_shapes->pollsSinceStatesRead + 1 < SyntheticShapeCache::kPollsPerStatesRead;
}

void DomainStatsReader::rememberStates(const std::vector<core::SandboxStats>& collected)
{
    if (!m_shapes)
        return;
    m_shapes->states.clear();
    m_shapes->states.reserve(collected.size());
    for (const core::SandboxStats& stats : collected)
        m_shapes->states.emplace_back(stats.domainName, stats.state);
    m_shapes->statesLifecycleEvents = m_shapes->lifecycleEvents;
    m_shapes->pollsSinceStatesRead = 0;
}

// Builds the stats that a bulk call and fillSynthetic would return, from the states and sizes that
// the last bulk call left in the cache, without a libvirt call.
std::vector<core::SandboxStats> DomainStatsReader::collectFromStates()
{
    ++m_shapes->poll;
    ++m_shapes->pollsSinceStatesRead;
    const std::int64_t answeredAtMs = nowMs();
    std::vector<core::SandboxStats> result;
    result.reserve(m_shapes->states.size());
    for (const auto& [domainName, state] : m_shapes->states) {
        core::SandboxStats stats;
        stats.domainName = domainName;
        stats.timestampMs = answeredAtMs;
        stats.state = state;
        auto shape = m_shapes->shapes.find(domainName);
        if (shape != m_shapes->shapes.end()) {
            shape->second.lastSeenPoll = m_shapes->poll;
            applySynthetic(shape->second, stats);
        }
        result.push_back(std::move(stats));
    }
    return result;
}

// The fallback for drivers whose bulk call lacks the counter groups. A failed call leaves its
// counters empty: the chart shows a gap rather than a made-up zero.
void DomainStatsReader::readPerDomain(virDomainPtr domain, core::SandboxStats& stats) const
{
    virDomainInfo info{};
    if (virDomainGetInfo(domain, &info) == 0) {
        stats.cpuTimeNs = info.cpuTime;
        stats.vcpus = info.nrVirtCpu;
    }

    virDomainMemoryStatStruct memory[VIR_DOMAIN_MEMORY_STAT_NR];
    const int memoryCount = virDomainMemoryStats(domain, memory, VIR_DOMAIN_MEMORY_STAT_NR, 0);
    for (int i = 0; i < memoryCount; ++i) {
        if (memory[i].tag == VIR_DOMAIN_MEMORY_STAT_ACTUAL_BALLOON)
            stats.balloonCurrentKiB = memory[i].val;
        else if (memory[i].tag == VIR_DOMAIN_MEMORY_STAT_UNUSED)
            stats.guestUnusedKiB = memory[i].val;
        else if (memory[i].tag == VIR_DOMAIN_MEMORY_STAT_AVAILABLE)
            stats.guestAvailableKiB = memory[i].val;
    }
    if (memoryCount >= 0 && info.maxMem > 0)
        stats.balloonMaximumKiB = info.maxMem;

    virDomainBlockStatsStruct block{};
    if (virDomainBlockStats(domain, kSandboxDiskTarget, &block, sizeof block) == 0) {
        if (block.rd_bytes >= 0)
            stats.blockReadBytes = static_cast<std::uint64_t>(block.rd_bytes);
        if (block.wr_bytes >= 0)
            stats.blockWriteBytes = static_cast<std::uint64_t>(block.wr_bytes);
    }

    // Every failed call above leaves an error behind, and the gaps in the sample already show it.
    virResetLastError();
}

// Returns the sandbox's size from the cache, or from virDomainGetInfo for a sandbox that was not
// active in the previous poll. A sandbox that stops and starts again is read again, so a size
// changed while it was stopped shows.
// NOTE: a size changed while the sandbox stays active (a live vCPU change) is not seen.
std::optional<SyntheticShape> DomainStatsReader::syntheticShape(virDomainPtr domain, const std::string& domainName) const
{
    if (m_shapes) {
        if (auto found = m_shapes->shapes.find(domainName); found != m_shapes->shapes.end()) {
            found->second.lastSeenPoll = m_shapes->poll;
            return found->second;
        }
    }

    virDomainInfo info{};
    if (virDomainGetInfo(domain, &info) != 0) {
        virResetLastError();
        return std::nullopt;
    }
    const SyntheticShape shape{int(info.nrVirtCpu), info.maxMem, m_shapes ? m_shapes->poll : 0};
    if (m_shapes)
        m_shapes->shapes.insert_or_assign(domainName, shape);
    return shape;
}

void DomainStatsReader::forgetInactiveShapes() const
{
    if (!m_shapes)
        return;
    std::erase_if(m_shapes->shapes, [this](const auto& entry) { return entry.second.lastSeenPoll != m_shapes->poll; });
}

void DomainStatsReader::fillSynthetic(virDomainPtr domain, core::SandboxStats& stats) const
{
    if (const std::optional<SyntheticShape> shape = syntheticShape(domain, stats.domainName))
        applySynthetic(*shape, stats);
}

}  // namespace shoal::hypervisor
