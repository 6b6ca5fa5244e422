#include "tests/integration/lifecyclefixture.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <sstream>
#include <thread>

#include <unistd.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "core/templatecatalog.h"
#include "hypervisor/storagepool.h"

namespace shoal::integration {

namespace {

constexpr std::string_view kHeartbeatPrefix = "SHOAL-HEARTBEAT ";

// Reads the number at `start` when a line end follows it, so a line still being written is skipped.
std::optional<long> completeNumberAt(const std::string& text, std::size_t start)
{
    std::size_t end = start;
    while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end])))
        ++end;
    if (end == start || end >= text.size() || (text[end] != '\r' && text[end] != '\n'))
        return std::nullopt;
    return std::stol(text.substr(start, end - start));
}

}  // namespace

std::optional<long> lastHeartbeat(const std::string& console)
{
    std::size_t position = console.rfind(kHeartbeatPrefix);
    while (position != std::string::npos) {
        if (std::optional<long> value = completeNumberAt(console, position + kHeartbeatPrefix.size()))
            return value;
        if (position == 0)
            break;
        position = console.rfind(kHeartbeatPrefix, position - 1);
    }
    return std::nullopt;
}

std::optional<long> firstHeartbeatAfter(const std::string& console, std::size_t offset)
{
    for (std::size_t position = console.find(kHeartbeatPrefix, offset); position != std::string::npos;
         position = console.find(kHeartbeatPrefix, position + 1)) {
        if (std::optional<long> value = completeNumberAt(console, position + kHeartbeatPrefix.size()))
            return value;
    }
    return std::nullopt;
}

std::optional<long> readDiskMarker(const std::string& path)
{
    const std::string command = "qemu-io -r -U -f qcow2 -c 'read -v 0 16' '" + path + "' 2>/dev/null";
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr)
        return std::nullopt;
    char line[256];
    std::string first;
    if (fgets(line, sizeof line, pipe) != nullptr)
        first = line;
    while (fgets(line, sizeof line, pipe) != nullptr) {
    }
    if (pclose(pipe) != 0 || first.rfind("00000000:", 0) != 0)
        return std::nullopt;

    // "00000000:  31 32 0a 00 ..." starts with the counter's digits, then a newline.
    std::istringstream bytes(first.substr(9));
    std::string digits;
    std::string hex;
    while (bytes >> hex && hex.size() == 2) {
        const int value = std::stoi(hex, nullptr, 16);
        if (value < '0' || value > '9')
            break;
        digits += static_cast<char>(value);
    }
    if (digits.empty())
        return std::nullopt;
    return std::stol(digits);
}

void LifecycleTest::SetUp()
{
    core::Result<IntegrationSettings> settings = readIntegrationSettings();
    ASSERT_TRUE(settings) << settings.error().detail;
    m_settings = *settings;
    m_inspector = std::make_unique<HostInspector>(m_settings.libvirtUri);
    ASSERT_TRUE(m_inspector->isOpen()) << m_inspector->error() << "; start libvirtd with scripts/start-libvirtd";

    core::HostSpec spec;
    spec.uri = m_settings.libvirtUri;
    core::Result<std::unique_ptr<core::HostConnection>> opened = m_hypervisor.open(spec);
    ASSERT_TRUE(opened) << opened.error().detail;
    m_connection = std::move(*opened);
    m_host = dynamic_cast<hypervisor::LibvirtHostConnection*>(m_connection.get());
    ASSERT_NE(m_host, nullptr);
    core::Status connected = m_connection->connect();
    ASSERT_TRUE(connected) << connected.error().detail;
    core::Result<core::HostCapabilities> probed = m_connection->probe();
    ASSERT_TRUE(probed) << probed.error().detail;
    m_capabilities = *probed;
    m_connection->setPhaseObserver([this](const core::PhaseEvent& event) { m_phases.push_back(event); });

    m_template = core::TemplateCatalog::builtInTiny(m_settings.guestDirectory);
    m_prefix = "shoal-itlc-" + std::to_string(getpid()) + "-";
}

void LifecycleTest::TearDown()
{
    if (!m_connection)
        return;
    // Clones first, so that their sources' frozen images are released in order; any order
    // works, this one only deletes frozen images sooner.
    for (auto it = m_domains.rbegin(); it != m_domains.rend(); ++it) {
        if (m_inspector->hasDomain(*it) || hasVolume(*it + ".qcow2") || hasVolume(*it + ".log"))
            m_connection->destroySandbox(*it);
    }
    for (const std::string& volume : testVolumes())
        ADD_FAILURE() << "volume \"" << volume << "\" is left after destroying every test sandbox";
}

core::SandboxSpec LifecycleTest::tinySpec(const std::string& purpose, core::StartMode mode)
{
    core::SandboxSpec spec;
    spec.domainName = m_prefix + purpose;
    spec.metadata.id = spec.domainName.substr(6);
    spec.metadata.displayName = "it-lifecycle-" + purpose;
    spec.metadata.templateName = m_template.name;
    spec.metadata.createdAtMs = 1;
    spec.sandboxTemplate = m_template;
    spec.domainType = m_capabilities.domainType;
    spec.startMode = mode;
    m_domains.push_back(spec.domainName);
    return spec;
}

void LifecycleTest::createReady(const core::SandboxSpec& spec)
{
    core::Result<core::SandboxInfo> created = m_connection->createSandbox(spec);
    ASSERT_TRUE(created) << created.error().detail;
    waitForConsole(spec.domainName, [](const std::string& text) { return lastHeartbeat(text).has_value(); });
}

std::string LifecycleTest::console(const std::string& domainName)
{
    core::Result<std::string> text = m_connection->readConsole(domainName, 1 << 20);
    return text ? *text : std::string();
}

std::string LifecycleTest::waitForConsole(const std::string& domainName, const std::function<bool(const std::string&)>& done,
                                          std::chrono::seconds timeout)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::string text;
    while (std::chrono::steady_clock::now() < deadline) {
        text = console(domainName);
        if (done(text))
            return text;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ADD_FAILURE() << "console of \"" << domainName << "\" did not show what the test waited for within " << timeout.count()
                  << " s:\n" << text;
    return text;
}

long LifecycleTest::waitForHeartbeatAfter(const std::string& domainName, std::size_t offset)
{
    std::string text = waitForConsole(domainName, [&](const std::string& current) {
        return firstHeartbeatAfter(current, offset).has_value();
    });
    return firstHeartbeatAfter(text, offset).value_or(-1);
}

std::string LifecycleTest::volumePath(const std::string& volumeName)
{
    virConnectPtr connection = virConnectOpen(m_settings.libvirtUri.c_str());
    if (connection == nullptr)
        return {};
    std::string path;
    if (virStoragePoolPtr pool = virStoragePoolLookupByName(connection, hypervisor::kStoragePoolName)) {
        if (virStorageVolPtr volume = virStorageVolLookupByName(pool, volumeName.c_str())) {
            if (char* text = virStorageVolGetPath(volume)) {
                path = text;
                free(text);
            }
            virStorageVolFree(volume);
        }
        virStoragePoolFree(pool);
    }
    virResetLastError();
    virConnectClose(connection);
    return path;
}

bool LifecycleTest::hasVolume(const std::string& volumeName)
{
    return !volumePath(volumeName).empty();
}

std::string LifecycleTest::diskPath(const std::string& domainName)
{
    virConnectPtr connection = virConnectOpen(m_settings.libvirtUri.c_str());
    if (connection == nullptr)
        return {};
    std::string path;
    if (virDomainPtr domain = virDomainLookupByName(connection, domainName.c_str())) {
        if (char* xml = virDomainGetXMLDesc(domain, 0)) {
            std::string text(xml);
            free(xml);
            const std::string key = "<source file='";
            if (std::size_t start = text.find(key); start != std::string::npos) {
                start += key.size();
                path = text.substr(start, text.find('\'', start) - start);
            }
        }
        virDomainFree(domain);
    }
    virResetLastError();
    virConnectClose(connection);
    return path;
}

int LifecycleTest::domainState(const std::string& domainName)
{
    virConnectPtr connection = virConnectOpen(m_settings.libvirtUri.c_str());
    if (connection == nullptr)
        return -1;
    int state = -1;
    if (virDomainPtr domain = virDomainLookupByName(connection, domainName.c_str())) {
        int reason = 0;
        if (virDomainGetState(domain, &state, &reason, 0) < 0)
            state = -1;
        virDomainFree(domain);
    }
    virResetLastError();
    virConnectClose(connection);
    return state;
}

std::vector<std::string> LifecycleTest::testVolumes()
{
    // Clones put their snapshot memory in the in-memory scratch pool, so both pools count.
    std::vector<std::string> mine;
    for (const char* pool : {hypervisor::kStoragePoolName, hypervisor::kScratchPoolName}) {
        for (const std::string& volume : m_inspector->volumeNames(pool)) {
            if (volume.rfind(m_prefix, 0) == 0)
                mine.push_back(volume);
        }
    }
    return mine;
}

}  // namespace shoal::integration
