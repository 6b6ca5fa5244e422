#pragma once

#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "core/fleet.h"
#include "core/store.h"
#include "tests/core/fakehypervisor.h"
#include "tests/core/recordinglistener.h"
#include "tests/core/testfiles.h"

namespace shoal::tests {

// A fleet over the fake hypervisor and an in-memory store, with a guest directory that contains
// the built-in template's files. Members are declared so that the fleet is destroyed first.
class FleetTest : public ::testing::Test {
protected:
    void SetUp() override;

    // Creates a fleet with `options`, filling in the guest directory and a short poll interval.
    void makeFleet(core::FleetOptions options = {});

    // Adds a fake host and registers it with the fleet. Fails the test when that fails.
    std::shared_ptr<FakeHost> addConnectedHost(const std::string& uri, const std::string& zone = "az1");

    core::CreateRequest createRequest(const std::string& displayName, const std::string& hostUri = {}) const;

    // Creates one sandbox and fails the test when that fails.
    core::SandboxInfo createOne(const std::string& displayName, const std::string& hostUri = {});

    TemporaryDirectory m_guest;
    FakeHypervisor m_hypervisor;
    std::unique_ptr<core::Store> m_store;
    RecordingListener m_listener;
    std::unique_ptr<core::Fleet> m_fleet;
};

}  // namespace shoal::tests
