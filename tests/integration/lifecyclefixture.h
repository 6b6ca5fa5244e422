#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/hypervisor.h"
#include "core/model.h"
#include "hypervisor/libvirthostconnection.h"
#include "hypervisor/libvirthypervisor.h"
#include "tests/integration/hostinspector.h"
#include "tests/integration/integrationenvironment.h"

namespace shoal::integration {

// Returns the counter of the last complete heartbeat line in `console`, if there is one.
std::optional<long> lastHeartbeat(const std::string& console);

// Returns the counter of the first complete heartbeat line at or after byte `offset`.
std::optional<long> firstHeartbeatAfter(const std::string& console, std::size_t offset);

// Returns the decimal counter that the guest wrote into the first sector of the qcow2 chain at
// `path`, or nullopt for a blank sector or when qemu-io fails. It reads with `qemu-io -r -U`, so
// a running domain's disk can be read too.
std::optional<long> readDiskMarker(const std::string& path);

// Sandboxes made straight through the hypervisor layer's LibvirtHostConnection on the real host,
// below the fleet, so each test proves one host primitive. Every domain and volume a test makes
// is named "shoal-itlc-<pid>-..." and removed in TearDown, pass or fail.
class LifecycleTest : public ::testing::Test {
protected:
    void SetUp() override;
    void TearDown() override;

    // Returns a new spec for a tiny sandbox with a test domain name.
    core::SandboxSpec tinySpec(const std::string& purpose, core::StartMode mode = core::StartMode::Cold);

    // Creates a cold-booted sandbox and waits for its ready line.
    void createReady(const core::SandboxSpec& spec);

    // Waits until `console` of `domainName` satisfies `done`, then returns it; fails the test
    // after `timeout`.
    std::string waitForConsole(const std::string& domainName, const std::function<bool(const std::string&)>& done,
                               std::chrono::seconds timeout = std::chrono::seconds(90));

    // Waits for a heartbeat that appears after byte `offset` of the console and returns it.
    long waitForHeartbeatAfter(const std::string& domainName, std::size_t offset);

    // Returns the console's current size and last heartbeat.
    std::string console(const std::string& domainName);

    // Returns the host path of a volume in Shoal's pool, or empty.
    std::string volumePath(const std::string& volumeName);
    bool hasVolume(const std::string& volumeName);

    // Returns the domain's current disk source and state as the host reports them.
    std::string diskPath(const std::string& domainName);
    int domainState(const std::string& domainName);

    std::vector<std::string> testVolumes();

    IntegrationSettings m_settings;
    hypervisor::LibvirtHypervisor m_hypervisor;
    std::unique_ptr<core::HostConnection> m_connection;
    hypervisor::LibvirtHostConnection* m_host = nullptr;
    std::unique_ptr<HostInspector> m_inspector;
    core::HostCapabilities m_capabilities;
    core::Template m_template;
    std::string m_prefix;
    std::vector<std::string> m_domains;
    std::vector<core::PhaseEvent> m_phases;
};

}  // namespace shoal::integration
