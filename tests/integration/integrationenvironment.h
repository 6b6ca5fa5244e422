#pragma once

#include <filesystem>
#include <string>

#include "core/error.h"

namespace shoal::integration {

// Where the integration tests find the real host and the guest. scripts/test sets both
// environment variables after it has built the guest and started libvirtd.
struct IntegrationSettings {
    std::string libvirtUri;      // SHOAL_TEST_LIBVIRT_URI, e.g. "qemu:///system"
    std::string guestDirectory;  // SHOAL_GUEST_DIR, holding vmlinuz, initramfs.img, base.raw, cmdline
};

// Reads the settings from the environment and checks that the guest files exist. Fails with
// InvalidArgument naming the missing variable, or NotFound naming the missing file, with a
// message that explains how to provide it.
core::Result<IntegrationSettings> readIntegrationSettings();

// A new empty directory under the system's temporary directory, removed with its contents when
// the object is destroyed.
class TemporaryDirectory {
public:
    TemporaryDirectory();
    ~TemporaryDirectory();
    TemporaryDirectory(const TemporaryDirectory&) = delete;
    TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;

    // Empty when the directory could not be created.
    const std::filesystem::path& path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

}  // namespace shoal::integration
