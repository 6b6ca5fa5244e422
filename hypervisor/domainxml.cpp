#include "hypervisor/domainxml.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include "hypervisor/sandboxmetadataxml.h"

namespace shoal::hypervisor {

namespace {

// The test driver's own XML namespace, in which <test:runstate> sets a domain's initial state.
constexpr const char* kTestDriverNamespace = "http://libvirt.org/schemas/domain/test/1.0";

void appendText(pugi::xml_node parent, const char* name, const std::string& text)
{
    parent.append_child(name).text() = text.c_str();
}

void appendOperatingSystem(pugi::xml_node domain, const DomainDefinition& definition)
{
    pugi::xml_node os = domain.append_child("os");
    pugi::xml_node type = os.append_child("type");
    if (!definition.arch.empty())
        type.append_attribute("arch") = definition.arch.c_str();
    type.text() = "hvm";

    // Direct kernel boot: no firmware boot menu and no bootloader on the disk.
    appendText(os, "kernel", definition.kernelPath);
    if (!definition.initrdPath.empty())
        appendText(os, "initrd", definition.initrdPath);
    if (!definition.kernelCmdline.empty())
        appendText(os, "cmdline", definition.kernelCmdline);
}

void appendDisk(pugi::xml_node devices, const DomainDefinition& definition)
{
    pugi::xml_node disk = devices.append_child("disk");
    disk.append_attribute("type") = "file";
    disk.append_attribute("device") = "disk";
    pugi::xml_node driver = disk.append_child("driver");
    driver.append_attribute("name") = "qemu";
    driver.append_attribute("type") = "qcow2";
    disk.append_child("source").append_attribute("file") = definition.overlayPath.c_str();

    // Naming the backing format stops QEMU from probing the base image's format, which is both
    // a security risk and a refusal on hosts that forbid format probing.
    if (!definition.backingPath.empty()) {
        pugi::xml_node backing = disk.append_child("backingStore");
        backing.append_attribute("type") = "file";
        backing.append_child("format").append_attribute("type") = definition.backingFormat.c_str();
        backing.append_child("source").append_attribute("file") = definition.backingPath.c_str();
    }

    pugi::xml_node target = disk.append_child("target");
    target.append_attribute("dev") = "vda";
    target.append_attribute("bus") = "virtio";
}

// Writes <memory> as the maximum and, when that is above the boot memory, <currentMemory> as the
// balloon target, so a burst can grow the balloon live.
void appendMemory(pugi::xml_node domain, const DomainDefinition& definition)
{
    const std::uint64_t maximum = std::max(definition.memoryMiB, definition.maximumMemoryMiB.value_or(0));
    pugi::xml_node memory = domain.append_child("memory");
    memory.append_attribute("unit") = "MiB";
    memory.text() = static_cast<unsigned long long>(maximum);
    if (maximum > definition.memoryMiB) {
        pugi::xml_node current = domain.append_child("currentMemory");
        current.append_attribute("unit") = "MiB";
        current.text() = static_cast<unsigned long long>(definition.memoryMiB);
    }
}

void appendDevices(pugi::xml_node domain, const DomainDefinition& definition)
{
    pugi::xml_node devices = domain.append_child("devices");
    appendDisk(devices, definition);

    pugi::xml_node serial = devices.append_child("serial");
    serial.append_attribute("type") = "file";
    // Each start truncates the log (append off), so a ready line in it belongs to the current
    // boot and readiness needs no offset bookkeeping across restarts.
    pugi::xml_node source = serial.append_child("source");
    source.append_attribute("path") = definition.consoleLogPath.c_str();
    source.append_attribute("append") = "off";
    serial.append_child("target").append_attribute("port") = "0";

    // A sandbox needs neither USB nor a display, and leaving them out keeps QEMU's start-up short.
    pugi::xml_node usb = devices.append_child("controller");
    usb.append_attribute("type") = "usb";
    usb.append_attribute("model") = "none";
    devices.append_child("memballoon").append_attribute("model") = "virtio";
}

core::Status checkDefinition(const DomainDefinition& definition)
{
    const std::pair<std::string_view, const std::string*> paths[] = {
        {"kernel path", &definition.kernelPath},
        {"overlay path", &definition.overlayPath},
        {"console log path", &definition.consoleLogPath},
    };
    for (const auto& [valueName, path] : paths) {
        if (auto checked = checkHostPath(*path, valueName); !checked)
            return checked;
    }
    if (!definition.initrdPath.empty()) {
        if (auto checked = checkHostPath(definition.initrdPath, "initramfs path"); !checked)
            return checked;
    }
    if (!definition.backingPath.empty()) {
        if (auto checked = checkHostPath(definition.backingPath, "base image path"); !checked)
            return checked;
    }
    if (auto checked = checkXmlText(definition.kernelCmdline, "kernel command line"); !checked)
        return checked;
    if (definition.cpuQuotaPercent && !(*definition.cpuQuotaPercent >= 1.0))
        return core::fail(core::ErrorCode::InvalidArgument,
                          "Invalid CPU quota for domain \"" + definition.name + "\": it must be at least 1 % of a CPU");
    if (definition.vcpus < 1 || definition.memoryMiB < 1)
        return core::fail(core::ErrorCode::InvalidArgument,
                          "Invalid shape for domain \"" + definition.name + "\": it needs at least 1 vCPU and 1 MiB of memory");
    return {};
}

std::uint64_t toMiB(pugi::xml_node memory)
{
    std::uint64_t value = std::strtoull(memory.text().get(), nullptr, 10);
    std::string_view unit = memory.attribute("unit").value();
    if (unit == "b" || unit == "bytes")
        return value / (1024 * 1024);
    if (unit == "M" || unit == "MiB")
        return value;
    if (unit == "G" || unit == "GiB")
        return value * 1024;
    return value / 1024;  // libvirt's default unit is KiB
}

}  // namespace

std::int64_t cpuQuotaMicroseconds(double percent)
{
    return std::llround(percent / 100.0 * static_cast<double>(kCpuQuotaPeriodUs));
}

core::Status checkHostPath(std::string_view path, std::string_view valueName)
{
    if (path.empty() || path.front() != '/')
        return core::fail(core::ErrorCode::InvalidArgument,
                          "Invalid " + std::string(valueName) + " \"" + std::string(path) + "\": the path must be absolute");
    return checkXmlText(path, valueName);
}

core::Status appendDomainXml(pugi::xml_node parent, const DomainDefinition& definition)
{
    if (auto checked = checkDefinition(definition); !checked)
        return checked;

    pugi::xml_node domain = parent.append_child("domain");
    domain.append_attribute("type") = definition.type.c_str();
    if (definition.testRunState)
        domain.append_attribute("xmlns:test") = kTestDriverNamespace;
    appendText(domain, "name", definition.name);
    if (auto appended = appendSandboxMetadata(domain.append_child("metadata"), definition.metadata); !appended) {
        parent.remove_child(domain);
        return appended;
    }

    appendMemory(domain, definition);
    domain.append_child("vcpu").text() = definition.vcpus;
    if (definition.cpuQuotaPercent) {
        pugi::xml_node cputune = domain.append_child("cputune");
        cputune.append_child("period").text() = static_cast<long long>(kCpuQuotaPeriodUs);
        cputune.append_child("quota").text() = static_cast<long long>(cpuQuotaMicroseconds(*definition.cpuQuotaPercent));
    }
    if (definition.testRunState)
        domain.append_child("test:runstate").text() = *definition.testRunState;

    // No ACPI: it makes the guest boot about 0.7 s slower under TCG (3.9 s instead of 3.2 s,
    // measured with the built-in guest on a 2-core VM), and the guest has no power button
    // handler anyway. The guest panics into a reboot if its init dies, and destroying the domain on
    // reboot stops that from looping.
    appendOperatingSystem(domain, definition);
    domain.append_child("clock").append_attribute("offset") = "utc";
    appendText(domain, "on_poweroff", "destroy");
    appendText(domain, "on_reboot", "destroy");
    appendText(domain, "on_crash", "destroy");
    appendDevices(domain, definition);
    return {};
}

core::Result<std::string> buildDomainXml(const DomainDefinition& definition)
{
    pugi::xml_document document;
    if (auto appended = appendDomainXml(document, definition); !appended)
        return tl::unexpected(appended.error());
    std::ostringstream text;
    document.save(text, "  ", pugi::format_indent | pugi::format_no_declaration);
    return text.str();
}

core::Result<DomainDescription> parseDomainXml(std::string_view xml)
{
    pugi::xml_document document;
    pugi::xml_parse_result parsed = document.load_buffer(xml.data(), xml.size());
    pugi::xml_node domain = document.child("domain");
    if (!parsed || !domain)
        return core::fail(core::ErrorCode::InvalidArgument,
                          std::string("Invalid domain XML: ") + (parsed ? "the root element is not <domain>" : parsed.description()));

    DomainDescription description;
    description.name = domain.child("name").text().get();
    description.type = domain.attribute("type").value();
    description.vcpus = domain.child("vcpu").text().as_int();
    description.maximumMemoryMiB = toMiB(domain.child("memory"));
    description.memoryMiB = domain.child("currentMemory") ? toMiB(domain.child("currentMemory")) : description.maximumMemoryMiB;

    pugi::xml_node os = domain.child("os");
    description.kernelPath = os.child("kernel").text().get();
    description.initrdPath = os.child("initrd").text().get();
    description.kernelCmdline = os.child("cmdline").text().get();

    pugi::xml_node disk = domain.child("devices").find_child_by_attribute("disk", "device", "disk");
    description.overlayPath = disk.child("source").attribute("file").value();
    pugi::xml_node backing = disk.child("backingStore");
    description.backingPath = backing.child("source").attribute("file").value();
    description.backingFormat = backing.child("format").attribute("type").value();

    pugi::xml_node serial = domain.child("devices").find_child_by_attribute("serial", "type", "file");
    description.consoleLogPath = serial.child("source").attribute("path").value();

    if (pugi::xml_node sandbox = findSandboxMetadata(domain.child("metadata"))) {
        core::Result<core::SandboxMetadata> metadata = parseSandboxMetadata(sandbox);
        if (!metadata)
            return tl::unexpected(metadata.error());
        description.metadata = *metadata;
    }
    return description;
}

}  // namespace shoal::hypervisor
