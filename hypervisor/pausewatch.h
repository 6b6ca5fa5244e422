#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include <libvirt/libvirt.h>

namespace shoal::hypervisor {

// Measures how long one domain stays paused, from libvirt's lifecycle events: the first
// Suspended event after construction and the Resumed event that follows it. That interval is the
// time the guest lost, however long the libvirt call around it took. Used on one thread. The
// events arrive on the libvirt event-loop thread, which must be running.
class PauseWatch {
public:
    PauseWatch(virConnectPtr connection, virDomainPtr domain, std::string hostUri);
    ~PauseWatch();
    PauseWatch(const PauseWatch&) = delete;
    PauseWatch& operator=(const PauseWatch&) = delete;

    // Returns true when the event callback is registered. Otherwise pauseSeconds() returns nothing.
    bool watching() const { return m_callbackId >= 0; }

    // Waits up to `wait` for the domain to resume after a pause it saw, and returns the length
    // of that pause in seconds. Returns nothing when no pause was seen or the resume did not
    // come in time.
    std::optional<double> pauseSeconds(std::chrono::milliseconds wait);

    struct Shared;

private:
    virConnectPtr m_connection;
    std::string m_hostUri;
    std::shared_ptr<Shared> m_shared;
    int m_callbackId = -1;
};

}  // namespace shoal::hypervisor
