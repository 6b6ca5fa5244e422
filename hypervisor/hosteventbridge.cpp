#include "hypervisor/hosteventbridge.h"

#include <chrono>

#include <libvirt/virterror.h>

#include "hypervisor/calllog.h"
#include "hypervisor/domainstate.h"
#include "hypervisor/libvirterror.h"

namespace shoal::hypervisor {

namespace {

using BridgeReference = std::shared_ptr<HostEventBridge>;

std::int64_t nowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

void releaseBridge(void* opaque)
{
    delete static_cast<BridgeReference*>(opaque);
}

int lifecycleCallback(virConnectPtr /*connection*/, virDomainPtr domain, int event, int detail, void* opaque)
{
    (*static_cast<BridgeReference*>(opaque))->onLifecycle(virDomainGetName(domain), event, detail);
    return 0;
}

void closeCallback(virConnectPtr /*connection*/, int reason, void* opaque)
{
    (*static_cast<BridgeReference*>(opaque))->onClose(reason);
}

std::string closeReason(int reason)
{
    switch (reason) {
    case VIR_CONNECT_CLOSE_REASON_ERROR: return "the connection failed with an I/O error";
    case VIR_CONNECT_CLOSE_REASON_EOF: return "the host closed the connection";
    case VIR_CONNECT_CLOSE_REASON_KEEPALIVE: return "the host did not answer keepalive probes";
    case VIR_CONNECT_CLOSE_REASON_CLIENT: return "Shoal closed the connection";
    default: return "the connection closed for an unknown reason";
    }
}

}  // namespace

HostEventBridge::HostEventBridge(std::string hostUri) : m_hostUri(std::move(hostUri))
{
}

void HostEventBridge::setHandler(core::HostEventHandler handler)
{
    std::lock_guard lock(m_mutex);
    m_handler = std::move(handler);
}

core::Status HostEventBridge::registerCallbacks(virConnectPtr connection)
{
    logCall("virConnectRegisterCloseCallback() on \"{}\"", m_hostUri);
    auto* closeReference = new BridgeReference(shared_from_this());
    if (virConnectRegisterCloseCallback(connection, closeCallback, closeReference, releaseBridge) < 0) {
        core::Error error = lastLibvirtError("Failed to register the close callback on host \"" + m_hostUri + "\"");
        delete closeReference;
        if (error.code != core::ErrorCode::Unsupported)
            return tl::unexpected(error);
        core::logger("hypervisor")->debug("Host \"{}\" has no close callback; its driver never closes by itself", m_hostUri);
    } else {
        m_closeCallbackRegistered = true;
    }

    logCall("virConnectDomainEventRegisterAny(LIFECYCLE) on \"{}\"", m_hostUri);
    auto* lifecycleReference = new BridgeReference(shared_from_this());
    m_lifecycleCallbackId = virConnectDomainEventRegisterAny(connection, nullptr, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                                             VIR_DOMAIN_EVENT_CALLBACK(lifecycleCallback),
                                                             lifecycleReference, releaseBridge);
    if (m_lifecycleCallbackId < 0) {
        core::Error error = lastLibvirtError("Failed to register for domain lifecycle events on host \"" + m_hostUri + "\"");
        delete lifecycleReference;
        deregisterCallbacks(connection);
        return tl::unexpected(error);
    }
    return {};
}

void HostEventBridge::deregisterCallbacks(virConnectPtr connection)
{
    if (m_lifecycleCallbackId >= 0) {
        logCall("virConnectDomainEventDeregisterAny({}) on \"{}\"", m_lifecycleCallbackId, m_hostUri);
        if (virConnectDomainEventDeregisterAny(connection, m_lifecycleCallbackId) < 0)
            lastLibvirtError("Failed to deregister lifecycle events");
        m_lifecycleCallbackId = -1;
    }
    if (m_closeCallbackRegistered) {
        logCall("virConnectUnregisterCloseCallback() on \"{}\"", m_hostUri);
        if (virConnectUnregisterCloseCallback(connection, closeCallback) < 0)
            lastLibvirtError("Failed to unregister the close callback");
        m_closeCallbackRegistered = false;
    }
}

void HostEventBridge::markStarted(const std::string& domainName, std::int64_t unixMs)
{
    std::lock_guard lock(m_mutex);
    m_startedAtMs[domainName] = unixMs;
}

std::int64_t HostEventBridge::startedAtMs(const std::string& domainName) const
{
    std::lock_guard lock(m_mutex);
    auto found = m_startedAtMs.find(domainName);
    return found == m_startedAtMs.end() ? 0 : found->second;
}

void HostEventBridge::deliver(const core::HostEvent& event)
{
    core::HostEventHandler handler;
    {
        std::lock_guard lock(m_mutex);
        handler = m_handler;
    }
    if (handler)
        handler(event);
}

void HostEventBridge::onLifecycle(const char* domainName, int event, int detail)
{
    ++m_lifecycleEvents;
    std::string name = domainName ? domainName : "";
    if (!isShoalDomainName(name))
        return;

    LifecycleChange change = lifecycleChange(event, detail);
    core::logger("hypervisor")->debug("Lifecycle event on host \"{}\": domain \"{}\" {}", m_hostUri, name, change.reason);
    {
        std::lock_guard lock(m_mutex);
        if (event == VIR_DOMAIN_EVENT_STARTED)
            m_startedAtMs[name] = nowMs();
        else if (event == VIR_DOMAIN_EVENT_STOPPED || change.removed)
            m_startedAtMs.erase(name);
    }

    core::HostEvent hostEvent;
    hostEvent.kind = change.removed ? core::HostEvent::Kind::SandboxRemoved : core::HostEvent::Kind::SandboxStateChanged;
    hostEvent.hostUri = m_hostUri;
    hostEvent.domainName = name;
    hostEvent.state = change.state;
    hostEvent.reason = change.reason;
    deliver(hostEvent);
}

void HostEventBridge::onClose(int reason)
{
    m_connected = false;
    core::HostEvent event;
    event.kind = core::HostEvent::Kind::ConnectionLost;
    event.hostUri = m_hostUri;
    event.state = core::SandboxState::Unknown;
    event.reason = closeReason(reason);
    core::logger("hypervisor")->warn("Lost the connection to host \"{}\": {}", m_hostUri, event.reason);
    deliver(event);
}

}  // namespace shoal::hypervisor
