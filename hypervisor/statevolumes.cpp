#include "hypervisor/statevolumes.h"

#include <iterator>
#include <random>
#include <sstream>

#include <spdlog/fmt/fmt.h>
#include <pugixml.hpp>

#include "core/log.h"
#include "hypervisor/sandboxmetadataxml.h"

namespace shoal::hypervisor {

namespace {

// A header larger than this is not one that libvirt wrote: it pads the XML to 64 KiB.
constexpr std::uint32_t kMaxDataLength = 16U * 1024 * 1024;
constexpr std::size_t kDataLengthOffset = 20;  // the magic, then the version word

std::uint32_t readLittleEndianWord(std::string_view bytes, std::size_t offset)
{
    std::uint32_t value = 0;
    for (std::size_t i = 0; i < 4; ++i)
        value |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[offset + i])) << (8 * i);
    return value;
}

bool isInNamespace(pugi::xml_node element, std::string_view namespaceUri)
{
    for (pugi::xml_attribute attribute : element.attributes()) {
        const std::string_view name = attribute.name();
        if (name.substr(0, 5) == "xmlns" && attribute.value() == namespaceUri)
            return true;
    }
    return false;
}

core::Status replaceMetadata(pugi::xml_node domain, const core::SandboxMetadata& metadata)
{
    pugi::xml_node element = domain.child("metadata");
    if (!element)
        element = domain.append_child("metadata");
    std::vector<pugi::xml_node> stale;
    for (pugi::xml_node child : element.children()) {
        if (isInNamespace(child, kSandboxNamespace) || isInNamespace(child, kRunNamespace))
            stale.push_back(child);
    }
    for (pugi::xml_node child : stale)
        element.remove_child(child);
    return appendSandboxMetadata(element, metadata);
}

std::string saveRaw(const pugi::xml_document& document)
{
    std::ostringstream output;
    document.save(output, "", pugi::format_raw | pugi::format_no_declaration | pugi::format_attribute_single_quote);
    return output.str();
}

std::mt19937_64& randomEngine()
{
    thread_local std::mt19937_64 engine{std::random_device{}()};
    return engine;
}

}  // namespace

std::string stateVolumeName(std::string_view domainName)
{
    return std::string(domainName) + ".save";
}

core::Result<SaveImageHeader> readSaveImageHeader(StoragePool& pool, virStorageVolPtr volume)
{
    const std::string name = virStorageVolGetName(volume);
    const std::string context = "Invalid save image in volume \"" + name + "\"";
    core::Result<VolumeInfo> info = pool.info(volume);
    if (!info)
        return tl::unexpected(info.error());

    core::Result<std::string> fixed = pool.download(volume, 0, kSaveImageFixedHeaderSize);
    if (!fixed)
        return tl::unexpected(fixed.error());

    // The partial magic and a short file are reported by the parser with their own words.
    std::uint64_t headerBytes = kSaveImageFixedHeaderSize;
    if (fixed->size() == kSaveImageFixedHeaderSize) {
        const std::uint32_t dataLength = readLittleEndianWord(*fixed, kDataLengthOffset);
        if (dataLength > kMaxDataLength)
            return core::fail(core::ErrorCode::InvalidArgument,
                              context + ": the data length " + std::to_string(dataLength) + " is larger than any header libvirt writes");
        headerBytes += dataLength;
    }
    core::Result<std::string> bytes = headerBytes > fixed->size() ? pool.download(volume, 0, headerBytes) : fixed;
    if (!bytes)
        return tl::unexpected(bytes.error());

    core::Result<SaveImageHeader> header = parseSaveImageHeader(*bytes);
    if (!header)
        return core::fail(core::ErrorCode::InvalidArgument, context + ": " + header.error().detail);
    if (info->capacityBytes <= saveImageHeaderSize(*header))
        return core::fail(core::ErrorCode::InvalidArgument,
                          context + ": the image has " + std::to_string(info->capacityBytes) +
                              " bytes, so no memory stream follows the header");
    return header;
}

core::Result<std::string> buildRestoreXml(std::string_view imageXml, const RestoreIdentity& identity)
{
    pugi::xml_document probe;
    if (!probe.load_buffer(imageXml.data(), imageXml.size()))
        return core::fail(core::ErrorCode::InvalidArgument, "Failed to read the domain XML of a save image: it does not parse");
    CloneIdentity clone;
    clone.name = identity.domainName;
    clone.uuid = randomUuid();
    clone.consoleLogPath = identity.consoleLogPath;
    clone.diskSourcePaths = {identity.overlayPath};
    const auto interfaces = probe.child("domain").child("devices").children("interface");
    const auto interfaceCount = std::distance(interfaces.begin(), interfaces.end());
    for (std::ptrdiff_t i = 0; i < interfaceCount; ++i)
        clone.macAddresses.push_back(randomMacAddress());
    core::Result<std::string> rewritten = rewriteDomainXmlForClone(imageXml, clone);
    if (!rewritten)
        return rewritten;

    pugi::xml_document document;
    const unsigned int options = pugi::parse_default | pugi::parse_ws_pcdata | pugi::parse_comments;
    if (!document.load_buffer(rewritten->data(), rewritten->size(), options))
        return core::fail(core::ErrorCode::Internal, "Failed to parse a rewritten domain XML");
    pugi::xml_node domain = document.child("domain");
    for (pugi::xml_node disk : domain.child("devices").children("disk")) {
        while (pugi::xml_node backing = disk.child("backingStore"))
            disk.remove_child(backing);
    }
    if (auto replaced = replaceMetadata(domain, identity.metadata); !replaced)
        return tl::unexpected(replaced.error());
    return saveRaw(document) + "\n";
}

core::Result<std::string> withConsoleAppend(std::string_view domainXml)
{
    pugi::xml_document document;
    const unsigned int options = pugi::parse_default | pugi::parse_ws_pcdata | pugi::parse_comments;
    if (!document.load_buffer(domainXml.data(), domainXml.size(), options))
        return core::fail(core::ErrorCode::InvalidArgument, "Failed to read the domain XML of a save image: it does not parse");
    for (pugi::xml_node device : document.child("domain").child("devices").children()) {
        const std::string_view name = device.name();
        if ((name != "serial" && name != "console") || std::string_view(device.attribute("type").value()) != "file")
            continue;
        pugi::xml_node source = device.child("source");
        if (!source)
            continue;
        pugi::xml_attribute append = source.attribute("append");
        if (!append)
            append = source.append_attribute("append");
        append.set_value("on");
    }
    return saveRaw(document) + "\n";
}

std::string randomUuid()
{
    std::uniform_int_distribution<unsigned> byte(0, 255);
    unsigned char bytes[16];
    for (unsigned char& value : bytes)
        value = static_cast<unsigned char>(byte(randomEngine()));
    bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0F) | 0x40);
    bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3F) | 0x80);
    std::string text;
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            text += '-';
        text += fmt::format("{:02x}", bytes[i]);
    }
    return text;
}

std::string randomMacAddress()
{
    std::uniform_int_distribution<unsigned> byte(0, 255);
    return fmt::format("52:54:00:{:02x}:{:02x}:{:02x}", byte(randomEngine()), byte(randomEngine()), byte(randomEngine()));
}

core::Result<StorageVolumeHandle> copyStateWithXml(StoragePool& pool, virStorageVolPtr sourceVolume,
                                                   const SaveImageHeader& header, const std::string& copyName,
                                                   const std::string& domainXml)
{
    core::Result<std::string> headerBytes = rewriteSaveImageHeader(header, domainXml);
    if (!headerBytes)
        return tl::unexpected(headerBytes.error());
    core::Result<StorageVolumeHandle> copy = pool.createCopy(copyName, sourceVolume);
    if (!copy)
        return copy;
    if (auto written = pool.overwriteData(copy->get(), 0, *headerBytes); !written) {
        if (auto deleted = pool.deleteVolume(copyName); !deleted)
            core::logger("hypervisor")->warn("{}", deleted.error().detail);
        return tl::unexpected(written.error());
    }
    return copy;
}

}  // namespace shoal::hypervisor
