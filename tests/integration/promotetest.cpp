// Promoting a sandbox's disk to a new template on the real libvirtd, booting the real guest.

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <gtest/gtest.h>

#include "core/fleet.h"
#include "core/store.h"
#include "hypervisor/diskexport.h"
#include "hypervisor/libvirthypervisor.h"
#include "hypervisor/storagepool.h"
#include "tests/integration/hostinspector.h"
#include "tests/integration/integrationenvironment.h"
#include "tests/integration/lifecyclefixture.h"

namespace shoal::integration {
namespace {

using namespace std::chrono_literals;

constexpr std::chrono::seconds kReadyTimeout{90};
constexpr std::size_t kConsoleBytes = 64 * 1024;

// Returns the number after "SHOAL-DISK-MARKER " in the console, or nullopt for "none" or no line.
std::optional<long> bootDiskMarker(const std::string& console)
{
    const std::string prefix = "SHOAL-DISK-MARKER ";
    const std::size_t position = console.find(prefix);
    if (position == std::string::npos)
        return std::nullopt;
    std::size_t end = position + prefix.size();
    while (end < console.size() && console[end] >= '0' && console[end] <= '9')
        ++end;
    if (end == position + prefix.size())
        return std::nullopt;
    return std::stol(console.substr(position + prefix.size(), end - position - prefix.size()));
}

// Sandboxes and templates of the fleet on the real host. Every name starts with
// "it-promote-<pid>", and TearDown removes the sandboxes and the template volumes it uploaded.
class Promote : public ::testing::Test {
protected:
    void SetUp() override
    {
        core::Result<IntegrationSettings> settings = readIntegrationSettings();
        ASSERT_TRUE(settings) << settings.error().detail;
        m_settings = *settings;
        m_inspector = std::make_unique<HostInspector>(m_settings.libvirtUri);
        ASSERT_TRUE(m_inspector->isOpen()) << m_inspector->error() << "; start libvirtd with scripts/start-libvirtd";
        ASSERT_FALSE(m_directory.path().empty()) << "Failed to create a temporary directory";
        core::Result<std::unique_ptr<core::Store>> store = core::Store::open((m_directory.path() / "shoal.db").string());
        ASSERT_TRUE(store) << store.error().detail;
        m_store = std::move(*store);

        core::FleetOptions options;
        options.guestDirectory = m_settings.guestDirectory;
        m_fleet = std::make_unique<core::Fleet>(m_hypervisor, *m_store, options);
        core::Status loaded = m_fleet->load();
        ASSERT_TRUE(loaded) << loaded.error().detail;
        core::HostSpec host;
        host.uri = m_settings.libvirtUri;
        core::Result<core::HostStatus> added = m_fleet->addHost(host, core::Fleet::Persistence::InMemory);
        ASSERT_TRUE(added) << added.error().detail;
        ASSERT_EQ(added->connection, core::ConnectionState::Connected) << added->lastError;
    }

    void TearDown() override
    {
        if (m_fleet) {
            for (const std::string& name : m_sandboxNames) {
                if (m_fleet->findSandbox(name))
                    m_fleet->destroySandbox(name);
            }
        }
        m_fleet.reset();
        for (const std::string& templateName : m_templateNames)
            deleteVolumesStartingWith("tpl-" + templateName + "-");
    }

    std::string name(const std::string& purpose)
    {
        return "it-promote-" + std::to_string(getpid()) + "-" + purpose;
    }

    core::SandboxInfo createReady(const std::string& templateName, const std::string& displayName)
    {
        core::CreateRequest request;
        request.templateName = templateName;
        request.hostUri = m_settings.libvirtUri;
        request.displayName = displayName;
        request.waitReady = true;
        request.readyTimeout = kReadyTimeout;
        request.startMode = core::StartMode::Cold;  // the cold boot prints the disk marker
        m_sandboxNames.push_back(displayName);
        core::Result<std::vector<core::SandboxInfo>> created = m_fleet->createSandboxes(request);
        EXPECT_TRUE(created) << created.error().detail;
        return created ? created->front() : core::SandboxInfo{};
    }

    // Waits until the guest has written heartbeat `count` to its disk, which it does right after
    // printing heartbeat `count`, so the next heartbeat line proves it.
    void waitForHeartbeat(const std::string& displayName, long count)
    {
        const auto deadline = std::chrono::steady_clock::now() + 60s;
        while (std::chrono::steady_clock::now() < deadline) {
            core::Result<std::string> console = m_fleet->readConsole(displayName, kConsoleBytes);
            ASSERT_TRUE(console) << console.error().detail;
            if (lastHeartbeat(*console).value_or(0) >= count)
                return;
            std::this_thread::sleep_for(250ms);
        }
        FAIL() << "sandbox \"" << displayName << "\" printed no heartbeat " << count;
    }

    std::string diskPathOf(const std::string& domainName)
    {
        virConnectPtr connection = virConnectOpen(m_settings.libvirtUri.c_str());
        if (!connection)
            return {};
        std::string path;
        if (virDomainPtr domain = virDomainLookupByName(connection, domainName.c_str())) {
            if (char* xml = virDomainGetXMLDesc(domain, 0)) {
                const std::string text = xml;
                free(xml);
                const std::string attribute = "<source file='";
                const std::size_t start = text.find(attribute);
                if (start != std::string::npos) {
                    const std::size_t end = text.find('\'', start + attribute.size());
                    path = text.substr(start + attribute.size(), end - start - attribute.size());
                }
            }
            virDomainFree(domain);
        }
        virConnectClose(connection);
        return path;
    }

    void deleteVolumesStartingWith(const std::string& prefix)
    {
        virConnectPtr connection = virConnectOpen(m_settings.libvirtUri.c_str());
        if (!connection)
            return;
        if (virStoragePoolPtr pool = virStoragePoolLookupByName(connection, hypervisor::kStoragePoolName)) {
            virStoragePoolRefresh(pool, 0);
            for (const std::string& volumeName : m_inspector->volumeNames(hypervisor::kStoragePoolName)) {
                if (volumeName.rfind(prefix, 0) != 0)
                    continue;
                if (virStorageVolPtr volume = virStorageVolLookupByName(pool, volumeName.c_str())) {
                    virStorageVolDelete(volume, 0);
                    virStorageVolFree(volume);
                }
            }
            virStoragePoolFree(pool);
        }
        virConnectClose(connection);
    }

    IntegrationSettings m_settings;
    TemporaryDirectory m_directory;
    std::unique_ptr<HostInspector> m_inspector;
    hypervisor::LibvirtHypervisor m_hypervisor;
    std::unique_ptr<core::Store> m_store;
    std::unique_ptr<core::Fleet> m_fleet;
    std::vector<std::string> m_sandboxNames;
    std::vector<std::string> m_templateNames;
};

TEST_F(Promote, PromotedTemplateBootsWithSourceDisk)
{
    const core::SandboxInfo source = createReady("tiny", name("src"));
    ASSERT_FALSE(source.domainName.empty());
    ASSERT_NO_FATAL_FAILURE(waitForHeartbeat(source.metadata.displayName, 3));

    const std::string templateName = name("tpl");
    m_templateNames.push_back(templateName);
    core::Result<core::Template> running = m_fleet->promoteToTemplate(source.metadata.displayName, templateName);
    ASSERT_FALSE(running);
    EXPECT_EQ(running.error().code, core::ErrorCode::InvalidState) << running.error().detail;

    core::Status stopped = m_fleet->stopSandbox(source.metadata.displayName, core::StopMode::Force);
    ASSERT_TRUE(stopped) << stopped.error().detail;
    const std::optional<long> marker = readDiskMarker(diskPathOf(source.domainName));
    ASSERT_TRUE(marker.has_value()) << "no marker on the disk of " << source.domainName;
    EXPECT_GE(*marker, 2);

    core::Result<core::Template> promoted = m_fleet->promoteToTemplate(source.metadata.displayName, templateName);
    ASSERT_TRUE(promoted) << promoted.error().detail;
    EXPECT_EQ(promoted->name, templateName);
    const std::filesystem::path image = promoted->baseImagePath;
    EXPECT_EQ(image.parent_path(), m_directory.path() / "templates");
    ASSERT_TRUE(std::filesystem::is_regular_file(image)) << image;
    EXPECT_EQ(std::filesystem::file_size(image), promoted->diskMiB * 1024 * 1024);
    EXPECT_FALSE(m_inspector->volumeNames(hypervisor::kStoragePoolName).empty());
    for (const std::string& volume : m_inspector->volumeNames(hypervisor::kStoragePoolName))
        EXPECT_NE(volume, hypervisor::DiskExport::temporaryVolumeName(source.domainName)) << "temporary copy left";
    EXPECT_TRUE(m_fleet->findTemplate(templateName));
    EXPECT_EQ(m_fleet->findSandbox(source.metadata.displayName)->state, core::SandboxState::Stopped);

    const core::SandboxInfo child = createReady(templateName, name("child"));
    ASSERT_FALSE(child.domainName.empty());
    core::Result<std::string> console = m_fleet->readConsole(child.metadata.displayName, kConsoleBytes);
    ASSERT_TRUE(console) << console.error().detail;
    EXPECT_EQ(bootDiskMarker(*console), marker) << *console;
}

TEST_F(Promote, TakenOrInvalidNameChangesNothing)
{
    const core::SandboxInfo source = createReady("tiny", name("names"));
    ASSERT_FALSE(source.domainName.empty());
    core::Status stopped = m_fleet->stopSandbox(source.metadata.displayName, core::StopMode::Force);
    ASSERT_TRUE(stopped) << stopped.error().detail;

    core::Result<core::Template> duplicate = m_fleet->promoteToTemplate(source.metadata.displayName, "tiny");
    ASSERT_FALSE(duplicate);
    EXPECT_EQ(duplicate.error().code, core::ErrorCode::AlreadyExists) << duplicate.error().detail;
    core::Result<core::Template> blank = m_fleet->promoteToTemplate(source.metadata.displayName, " lead");
    ASSERT_FALSE(blank);
    EXPECT_EQ(blank.error().code, core::ErrorCode::InvalidArgument) << blank.error().detail;
    EXPECT_NE(blank.error().detail.find("Template name"), std::string::npos) << blank.error().detail;
    EXPECT_FALSE(std::filesystem::exists(m_directory.path() / "templates"));
}

}  // namespace
}  // namespace shoal::integration
