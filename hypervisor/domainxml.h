#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <pugixml.hpp>

#include "core/error.h"
#include "core/model.h"

namespace shoal::hypervisor {

// The CFS period Shoal writes with every CPU quota, in microseconds: libvirt's and the kernel's
// default of 100 ms.
inline constexpr std::int64_t kCpuQuotaPeriodUs = 100000;

// Everything that goes into one sandbox's domain XML. Paths are paths on the host, normally
// those of volumes in Shoal's storage pool.
struct DomainDefinition {
    std::string name;                  // "shoal-<id>"
    std::string type = "qemu";         // libvirt domain type: "qemu", "kvm" or the test driver's "test"
    std::string arch;                  // e.g. "x86_64", or empty to let libvirt choose
    int vcpus = 1;
    std::uint64_t memoryMiB = 256;     // memory at boot, the <currentMemory> balloon target
    // The balloon can grow up to this live; <memory> in the XML. Unset or not above memoryMiB:
    // the same as memoryMiB.
    std::optional<std::uint64_t> maximumMemoryMiB;
    // Per-vCPU CPU quota at start, 100 = one host CPU per vCPU, written as <cputune> with
    // kCpuQuotaPeriodUs. Unset: no quota.
    std::optional<double> cpuQuotaPercent;
    std::string kernelPath;
    std::string initrdPath;
    std::string kernelCmdline;
    std::string overlayPath;           // qcow2 overlay, the sandbox's own disk
    std::string backingPath;           // the template's base image under the overlay
    std::string backingFormat = "raw";
    std::string consoleLogPath;        // the serial console is written to this file
    core::SandboxMetadata metadata;
    std::optional<int> testRunState;   // test driver node files only: the domain's initial virDomainState
};

// The parts of a domain's XML that Shoal reads back.
struct DomainDescription {
    std::string name;
    std::string type;
    int vcpus = 0;
    std::uint64_t memoryMiB = 0;       // <currentMemory>, else <memory>
    std::uint64_t maximumMemoryMiB = 0; // <memory>
    std::string kernelPath;
    std::string initrdPath;
    std::string kernelCmdline;
    std::string overlayPath;           // source of the first disk
    std::string backingPath;           // its backing store, when the XML names one
    std::string backingFormat;
    std::string consoleLogPath;        // source of the first file-type serial port
    std::optional<core::SandboxMetadata> metadata; // absent: not a Shoal domain
};

// Converts a per-vCPU CPU share in percent to a CFS quota over kCpuQuotaPeriodUs, rounded.
std::int64_t cpuQuotaMicroseconds(double percent);

// Checks a host path before it goes into XML: absolute, valid UTF-8, no control characters.
// `valueName` names it in the error, e.g. `kernel path`.
core::Status checkHostPath(std::string_view path, std::string_view valueName);

// Appends a <domain> element for `definition` to `parent`. Fails with InvalidArgument, naming
// the value, when a path or a metadata field cannot be stored, and nothing is appended then.
core::Status appendDomainXml(pugi::xml_node parent, const DomainDefinition& definition);

// Returns the domain XML document for `definition`, ready for virDomainDefineXML.
core::Result<std::string> buildDomainXml(const DomainDefinition& definition);

// Parses the XML that virDomainGetXMLDesc returns. Fails with InvalidArgument when the text is
// not XML or the root is not <domain>. A domain without Shoal metadata parses fine.
core::Result<DomainDescription> parseDomainXml(std::string_view xml);

}  // namespace shoal::hypervisor
