#include "testdriverhost.h"

#include <cstdlib>
#include <fstream>

#include <gtest/gtest.h>

#include "hypervisor/connectionuri.h"

namespace shoal::hypervisor::testing {

TemporaryDirectory::TemporaryDirectory(const std::string& infix)
{
    std::string pattern = (std::filesystem::temp_directory_path() / ("shoal-hv-test" + infix + "-XXXXXX")).string();
    if (!::mkdtemp(pattern.data()))
        ADD_FAILURE() << "mkdtemp failed for " << pattern;
    m_path = pattern;
}

TemporaryDirectory::~TemporaryDirectory()
{
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
}

namespace {

void writeFile(const std::filesystem::path& path, const std::string& content)
{
    std::ofstream file(path, std::ios::binary);
    file << content;
}

}  // namespace

core::Template writeTemplateFiles(const std::filesystem::path& directory, const std::string& name)
{
    core::Template sandboxTemplate;
    sandboxTemplate.name = name;
    sandboxTemplate.kernelPath = (directory / "vmlinuz").string();
    sandboxTemplate.initrdPath = (directory / "initramfs.img").string();
    sandboxTemplate.baseImagePath = (directory / "base.raw").string();
    sandboxTemplate.kernelCmdline = "console=ttyS0 panic=-1";
    writeFile(sandboxTemplate.kernelPath, "kernel bytes of " + name);
    writeFile(sandboxTemplate.initrdPath, "initramfs bytes of " + name);
    writeFile(sandboxTemplate.baseImagePath, std::string(4096, '\0'));
    return sandboxTemplate;
}

std::string writeEmptyHost(const std::filesystem::path& directory, const std::string& fileName)
{
    const std::filesystem::path file = directory / fileName;
    writeFile(file,
              "<node>\n"
              "  <cpu><nodes>1</nodes><sockets>1</sockets><cores>4</cores><threads>2</threads>"
              "<active>8</active><mhz>2400</mhz><model>x86_64</model></cpu>\n"
              "  <memory>16777216</memory>\n"
              "  <pool type='dir'><name>shoal</name><target><path>/var/lib/libvirt/shoal</path></target></pool>\n"
              "</node>\n");
    return testDriverUri(file.string());
}

std::unique_ptr<LibvirtHostConnection> connectHost(const std::string& uri)
{
    core::Result<ConnectionUri> parsed = ConnectionUri::parse(uri);
    EXPECT_TRUE(parsed.has_value()) << uri;
    core::HostSpec spec;
    spec.uri = uri;
    auto connection = std::make_unique<LibvirtHostConnection>(spec, *parsed);
    core::Status connected = connection->connect();
    EXPECT_TRUE(connected.has_value()) << (connected ? "" : connected.error().detail);
    return connection;
}

core::SandboxSpec sandboxSpec(const core::Template& sandboxTemplate, const std::string& id, const std::string& displayName)
{
    core::SandboxSpec spec;
    spec.metadata.id = id;
    spec.metadata.displayName = displayName;
    spec.metadata.templateName = sandboxTemplate.name;
    spec.metadata.zone = "az1";
    spec.metadata.pool = "baseline";
    spec.metadata.createdAtMs = 1764806400123;
    spec.domainName = "shoal-" + id;
    spec.sandboxTemplate = sandboxTemplate;
    spec.domainType = core::DomainType::Qemu;
    return spec;
}

std::set<std::string> domainNames(virConnectPtr connection)
{
    std::set<std::string> names;
    virDomainPtr* domains = nullptr;
    int count = virConnectListAllDomains(connection, &domains, 0);
    for (int i = 0; i < count; ++i) {
        names.insert(virDomainGetName(domains[i]));
        virDomainFree(domains[i]);
    }
    std::free(domains);
    return names;
}

std::set<std::string> volumeNames(virConnectPtr connection)
{
    std::set<std::string> names;
    virStoragePoolPtr pool = virStoragePoolLookupByName(connection, "shoal");
    if (!pool)
        return names;
    virStorageVolPtr* volumes = nullptr;
    int count = virStoragePoolListAllVolumes(pool, &volumes, 0);
    for (int i = 0; i < count; ++i) {
        names.insert(virStorageVolGetName(volumes[i]));
        virStorageVolFree(volumes[i]);
    }
    std::free(volumes);
    virStoragePoolFree(pool);
    return names;
}

}  // namespace shoal::hypervisor::testing
