#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/model.h"
#include "core/stats.h"

namespace shoal::core {

// Something that happened on a host without Shoal asking: a domain changed state, or the
// connection closed.
struct HostEvent {
    enum class Kind { SandboxStateChanged, SandboxRemoved, ConnectionLost };
    Kind kind = Kind::SandboxStateChanged;
    std::string hostUri;
    std::string domainName;            // empty for ConnectionLost
    SandboxState state = SandboxState::Unknown;
    std::string reason;                // libvirt's event detail or the close reason, for the log
};

// Called on the libvirt event-loop thread. It must return quickly and must not call back into
// the HostConnection; post the work elsewhere.
using HostEventHandler = std::function<void(const HostEvent&)>;

// One libvirt connection. Every blocking call runs on that host's worker thread, one at a time;
// only isConnected() and setEventHandler() may be called from any thread. Methods fail with
// HostUnreachable when the connection is down. On a remote host libvirt's keepalive closes a
// dead connection, which ends a blocked call.
// NOTE: a call to a live but slow host has no timeout of its own yet.
class HostConnection {
public:
    virtual ~HostConnection() = default;

    virtual const std::string& uri() const = 0;

    // Opens the connection, with keepalive on remote URIs and a close callback, registers
    // lifecycle events, and makes sure Shoal's storage pool exists on the host.
    virtual Status connect() = 0;
    virtual void disconnect() = 0;
    virtual bool isConnected() const = 0;
    virtual void setEventHandler(HostEventHandler handler) = 0;

    // Probes domain types, KVM usability and the driver's gaps. Call after connect().
    virtual Result<HostCapabilities> probe() = 0;
    virtual Result<HostCapacity> capacity() = 0;

    // Lists every domain carrying Shoal metadata, with its current state.
    virtual Result<std::vector<SandboxInfo>> listSandboxes() = 0;

    // Puts the template's kernel, initramfs and base image into Shoal's storage pool on the host,
    // once; a second call with unchanged files does nothing.
    virtual Status prepareTemplate(const Template& sandboxTemplate) = 0;

    // Creates the overlay and the console log, defines the domain with Shoal metadata and starts
    // it. On any failure it removes everything it made, so nothing is left behind.
    virtual Result<SandboxInfo> createSandbox(const SandboxSpec& spec) = 0;

    virtual Status startSandbox(const std::string& domainName) = 0;
    virtual Status stopSandbox(const std::string& domainName, StopMode mode) = 0;

    // Stops the domain if it runs, undefines it and deletes its overlay and console log.
    // Deletes nothing that belongs to another sandbox or to a template.
    virtual Status destroySandbox(const std::string& domainName) = 0;

    // Returns the last `maxBytes` of the sandbox's serial console log.
    virtual Result<std::string> readConsole(const std::string& domainName, std::size_t maxBytes) = 0;

    // Reads the cumulative counters of every Shoal sandbox on the host: one bulk stats call, plus
    // per-domain calls only for the groups the driver's bulk call lacks (the test driver's bulk
    // call reports the state alone). A sandbox that vanishes meanwhile is left out. Fails with
    // HostUnreachable when the connection is down.
    virtual Result<std::vector<SandboxStats>> collectStats() = 0;
};

// Factory of host connections. The hypervisor layer implements it, so the core never includes
// libvirt.
class Hypervisor {
public:
    virtual ~Hypervisor() = default;

    // Returns an unconnected HostConnection for `spec`; the URI is checked for form only.
    virtual Result<std::unique_ptr<HostConnection>> open(const HostSpec& spec) = 0;
};

}  // namespace shoal::core
