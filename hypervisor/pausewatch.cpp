#include "hypervisor/pausewatch.h"

#include <condition_variable>
#include <mutex>

#include "core/log.h"
#include "hypervisor/calllog.h"
#include "hypervisor/libvirterror.h"

namespace shoal::hypervisor {

struct PauseWatch::Shared {
    std::mutex mutex;
    std::condition_variable changed;
    std::optional<std::chrono::steady_clock::time_point> pausedAt;
    std::optional<std::chrono::steady_clock::time_point> resumedAt;
};

namespace {

// libvirt owns one of these per registration and frees it through releaseShared, so the state
// outlives a callback that is still running when the watch deregisters.
using SharedReference = std::shared_ptr<PauseWatch::Shared>;

int lifecycleCallback(virConnectPtr /*connection*/, virDomainPtr /*domain*/, int event, int /*detail*/, void* opaque)
{
    auto& shared = **static_cast<SharedReference*>(opaque);
    const auto now = std::chrono::steady_clock::now();
    std::lock_guard lock(shared.mutex);
    if (event == VIR_DOMAIN_EVENT_SUSPENDED && !shared.pausedAt) {
        shared.pausedAt = now;
    } else if (event == VIR_DOMAIN_EVENT_RESUMED && shared.pausedAt && !shared.resumedAt) {
        shared.resumedAt = now;
        shared.changed.notify_all();
    }
    return 0;
}

void releaseShared(void* opaque)
{
    delete static_cast<SharedReference*>(opaque);
}

}  // namespace

PauseWatch::PauseWatch(virConnectPtr connection, virDomainPtr domain, std::string hostUri)
    : m_connection(connection), m_hostUri(std::move(hostUri)), m_shared(std::make_shared<Shared>())
{
    auto* reference = new SharedReference(m_shared);
    logCall("virConnectDomainEventRegisterAny(LIFECYCLE, one domain) on \"{}\"", m_hostUri);
    m_callbackId = virConnectDomainEventRegisterAny(connection, domain, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                                    VIR_DOMAIN_EVENT_CALLBACK(lifecycleCallback), reference, releaseShared);
    if (m_callbackId < 0) {
        delete reference;
        core::logger("hypervisor")->warn("{}; the pause is taken as the length of the call instead",
                                         lastLibvirtError("Failed to watch a domain's pause on host \"" + m_hostUri + "\"").detail);
    }
}

PauseWatch::~PauseWatch()
{
    if (m_callbackId < 0)
        return;
    logCall("virConnectDomainEventDeregisterAny({}) on \"{}\"", m_callbackId, m_hostUri);
    if (virConnectDomainEventDeregisterAny(m_connection, m_callbackId) < 0)
        lastLibvirtError("Failed to stop watching a domain's pause on host \"" + m_hostUri + "\"");
}

std::optional<double> PauseWatch::pauseSeconds(std::chrono::milliseconds wait)
{
    if (m_callbackId < 0)
        return std::nullopt;
    std::unique_lock lock(m_shared->mutex);
    if (!m_shared->changed.wait_for(lock, wait, [&] { return m_shared->resumedAt.has_value(); }))
        return std::nullopt;
    return std::chrono::duration<double>(*m_shared->resumedAt - *m_shared->pausedAt).count();
}

}  // namespace shoal::hypervisor
