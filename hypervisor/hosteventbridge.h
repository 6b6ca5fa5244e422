#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include <libvirt/libvirt.h>

#include "core/error.h"
#include "core/hypervisor.h"

namespace shoal::hypervisor {

// Carries libvirt's callbacks for one host to Shoal's event handler. libvirt keeps a reference
// to the bridge for each registered callback and drops it when the callback is gone, so the
// bridge outlives a closing connection for as long as the event-loop thread may still use it.
// setHandler, isConnected and the callbacks are thread-safe, while registerCallbacks and
// deregisterCallbacks run on the host connection's worker thread.
class HostEventBridge : public std::enable_shared_from_this<HostEventBridge> {
public:
    explicit HostEventBridge(std::string hostUri);

    void setHandler(core::HostEventHandler handler);

    // Registers the close callback and lifecycle events on `connection`. A driver without close
    // callbacks (libvirt's test driver) is not an error, because it never closes by itself.
    core::Status registerCallbacks(virConnectPtr connection);

    // Removes what registerCallbacks added. Safe to call when nothing is registered.
    void deregisterCallbacks(virConnectPtr connection);

    bool isConnected() const { return m_connected; }

    // The number of lifecycle events received so far, of any domain. Any thread.
    std::uint64_t lifecycleEventCount() const { return m_lifecycleEvents; }
    void setConnected(bool connected) { m_connected = connected; }

    // Records that a domain entered the running state now, and returns that time later; 0 when
    // this process has not seen the domain start.
    void markStarted(const std::string& domainName, std::int64_t unixMs);
    std::int64_t startedAtMs(const std::string& domainName) const;

    // Sends `event` to the handler, if one is set. Called on the event-loop thread.
    void deliver(const core::HostEvent& event);

    // Entry points for libvirt, public so the C callbacks in the .cpp file can reach them.
    void onLifecycle(const char* domainName, int event, int detail);
    void onClose(int reason);

private:
    std::string m_hostUri;
    std::atomic<bool> m_connected{false};
    std::atomic<std::uint64_t> m_lifecycleEvents{0};
    mutable std::mutex m_mutex;         // guards the handler and the start times
    core::HostEventHandler m_handler;
    std::map<std::string, std::int64_t> m_startedAtMs;
    int m_lifecycleCallbackId = -1;     // worker thread only
    bool m_closeCallbackRegistered = false;
};

}  // namespace shoal::hypervisor
