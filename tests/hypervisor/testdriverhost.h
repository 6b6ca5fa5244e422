#pragma once

#include <filesystem>
#include <memory>
#include <set>
#include <string>

#include <gtest/gtest.h>
#include <libvirt/libvirt.h>

#include "core/model.h"
#include "hypervisor/libvirthostconnection.h"

namespace shoal::hypervisor::testing {

// A fresh directory under the system's temporary folder, removed with everything in it when the
// object goes. `infix` ends up in the name, so tests can put awkward characters in paths.
class TemporaryDirectory {
public:
    explicit TemporaryDirectory(const std::string& infix = "");
    ~TemporaryDirectory();
    const std::filesystem::path& path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

// Writes a small local template (kernel, initramfs, base image with known bytes) into
// `directory` and returns it.
core::Template writeTemplateFiles(const std::filesystem::path& directory, const std::string& name = "tiny");

// Writes a test-driver node file with one empty "shoal" pool and no domains, and returns its
// test:/// URI.
std::string writeEmptyHost(const std::filesystem::path& directory, const std::string& fileName = "host.xml");

// Opens and connects a LibvirtHostConnection to `uri`, and fails the calling test when it cannot.
std::unique_ptr<LibvirtHostConnection> connectHost(const std::string& uri);

// Returns a spec for a new sandbox made from `sandboxTemplate`.
core::SandboxSpec sandboxSpec(const core::Template& sandboxTemplate, const std::string& id,
                              const std::string& displayName = "agent");

// Passes when `result` contains a value, and otherwise fails with the error's detail, so a failed
// call explains itself in the test output.
template <typename T>
::testing::AssertionResult succeeded(const tl::expected<T, core::Error>& result)
{
    if (result)
        return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << result.error().detail;
}

// The domains and volumes on a host, read with raw libvirt calls so the checks do not trust the code under test.
std::set<std::string> domainNames(virConnectPtr connection);
std::set<std::string> volumeNames(virConnectPtr connection);

}  // namespace shoal::hypervisor::testing
