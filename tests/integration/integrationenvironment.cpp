#include "tests/integration/integrationenvironment.h"

#include <cstdlib>
#include <string>
#include <system_error>
#include <vector>

namespace shoal::integration {

core::Result<IntegrationSettings> readIntegrationSettings()
{
    IntegrationSettings settings;

    const char* uri = std::getenv("SHOAL_TEST_LIBVIRT_URI");
    if (uri == nullptr || *uri == '\0') {
        return core::fail(core::ErrorCode::InvalidArgument,
                          "SHOAL_TEST_LIBVIRT_URI is not set; run the integration tests through scripts/test, "
                          "which starts libvirtd and sets it to \"qemu:///system\"");
    }
    settings.libvirtUri = uri;

    const char* guestDirectory = std::getenv("SHOAL_GUEST_DIR");
    if (guestDirectory == nullptr || *guestDirectory == '\0') {
        return core::fail(core::ErrorCode::InvalidArgument,
                          "SHOAL_GUEST_DIR is not set; run the integration tests through scripts/test, "
                          "which builds the guest with hypervisor/guest/build-guest and sets it");
    }
    settings.guestDirectory = guestDirectory;

    const std::vector<std::string> guestFiles{"vmlinuz", "initramfs.img", "base.raw", "cmdline"};
    for (const std::string& file : guestFiles) {
        const std::filesystem::path path = std::filesystem::path(settings.guestDirectory) / file;
        std::error_code error;
        if (!std::filesystem::is_regular_file(path, error)) {
            return core::fail(core::ErrorCode::NotFound,
                              "Guest file \"" + path.string() + "\" not found; build the guest with "
                              "hypervisor/guest/build-guest \"" + settings.guestDirectory + "\"");
        }
    }
    return settings;
}

TemporaryDirectory::TemporaryDirectory()
{
    std::error_code error;
    const std::filesystem::path base = std::filesystem::temp_directory_path(error);
    if (error)
        return;

    std::string pattern = (base / "shoal-integration.XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr)
        m_path = pattern;
}

TemporaryDirectory::~TemporaryDirectory()
{
    if (m_path.empty())
        return;
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
}

}  // namespace shoal::integration
