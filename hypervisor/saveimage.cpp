#include "hypervisor/saveimage.h"

#include <optional>
#include <sstream>

#include <pugixml.hpp>

namespace shoal::hypervisor {
namespace {

// libvirt writes the partial magic first and replaces it with the complete one only after QEMU
// has written the whole memory stream (virQEMUSaveDataFinish in src/qemu/qemu_saveimage.c).
constexpr std::string_view kCompleteMagic = "LibvirtQemudSave";
constexpr std::string_view kPartialMagic = "LibvirtQemudPart";
constexpr std::size_t kMagicSize = 16;
static_assert(kCompleteMagic.size() == kMagicSize && kPartialMagic.size() == kMagicSize);
static_assert(kMagicSize + 19 * 4 == kSaveImageFixedHeaderSize);

std::uint32_t readWord(std::string_view bytes, std::size_t index)
{
    const std::size_t offset = kMagicSize + 4 * index;
    std::uint32_t value = 0;
    for (std::size_t i = 0; i < 4; ++i) {
        value |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[offset + i])) << (8 * i);
    }
    return value;
}

void appendWord(std::string& bytes, std::uint32_t value)
{
    for (std::size_t i = 0; i < 4; ++i) {
        bytes.push_back(static_cast<char>((value >> (8 * i)) & 0xffU));
    }
}

core::Status checkMagicAndSize(std::string_view bytes)
{
    if (bytes.size() >= kMagicSize && bytes.substr(0, kMagicSize) == kPartialMagic) {
        return core::fail(core::ErrorCode::InvalidArgument,
                          "Invalid save image: the image is incomplete because its save did not finish "
                          "(magic \"LibvirtQemudPart\")");
    }
    if (bytes.size() < kSaveImageFixedHeaderSize) {
        return core::fail(core::ErrorCode::InvalidArgument,
                          "Invalid save image: the header is truncated at " + std::to_string(bytes.size()) +
                              " bytes, shorter than the 92-byte fixed header");
    }
    if (bytes.substr(0, kMagicSize) != kCompleteMagic) {
        return core::fail(core::ErrorCode::InvalidArgument,
                          "Invalid save image: the magic is not \"LibvirtQemudSave\", so this is not a "
                          "libvirt QEMU save image");
    }
    return {};
}

// Returns the text from `offset` up to the first NUL before `end`, or nothing when no NUL is there.
std::optional<std::string> readTerminatedText(std::string_view data, std::size_t offset, std::size_t end)
{
    const std::size_t nul = data.substr(0, end).find('\0', offset);
    if (nul == std::string_view::npos) {
        return std::nullopt;
    }
    return std::string(data.substr(offset, nul - offset));
}

core::Status readDataArea(std::string_view data, SaveImageHeader& header)
{
    if (header.cookieOffset != 0 && header.cookieOffset >= header.dataLength) {
        return core::fail(core::ErrorCode::InvalidArgument,
                          "Invalid save image: the cookie offset " + std::to_string(header.cookieOffset) +
                              " is outside the data length " + std::to_string(header.dataLength));
    }

    const std::size_t xmlEnd = header.cookieOffset != 0 ? header.cookieOffset : header.dataLength;
    std::optional<std::string> domainXml = readTerminatedText(data, 0, xmlEnd);
    if (!domainXml) {
        return core::fail(core::ErrorCode::InvalidArgument,
                          "Invalid save image: the domain XML has no terminating NUL within its " +
                              std::to_string(xmlEnd) + " bytes");
    }
    header.domainXml = std::move(*domainXml);

    if (header.cookieOffset == 0) {
        return {};
    }
    std::optional<std::string> cookie = readTerminatedText(data, header.cookieOffset, header.dataLength);
    if (!cookie) {
        return core::fail(core::ErrorCode::InvalidArgument,
                          "Invalid save image: the cookie at offset " + std::to_string(header.cookieOffset) +
                              " has no terminating NUL before the data length " +
                              std::to_string(header.dataLength));
    }
    header.cookie = std::move(*cookie);
    return {};
}

}  // namespace

std::size_t saveImageHeaderSize(const SaveImageHeader& header)
{
    return kSaveImageFixedHeaderSize + header.dataLength;
}

core::Result<SaveImageHeader> parseSaveImageHeader(std::string_view bytes)
{
    if (core::Status magic = checkMagicAndSize(bytes); !magic) {
        return tl::unexpected(magic.error());
    }

    SaveImageHeader header;
    header.version = readWord(bytes, 0);
    header.dataLength = readWord(bytes, 1);
    header.wasRunning = readWord(bytes, 2);
    header.compressed = readWord(bytes, 3);
    header.cookieOffset = readWord(bytes, 4);
    for (std::size_t i = 0; i < header.reserved.size(); ++i) {
        header.reserved[i] = readWord(bytes, 5 + i);
    }

    // A big-endian host writes version 2 as 0x02000000, so its images are rejected here.
    if (header.version != kSaveImageVersion) {
        return core::fail(core::ErrorCode::InvalidArgument,
                          "Invalid save image: version " + std::to_string(header.version) +
                              " is not supported, only version 2 (libvirt's little-endian format)");
    }
    if (header.dataLength == 0) {
        return core::fail(core::ErrorCode::InvalidArgument,
                          "Invalid save image: the data length is 0, so there is no domain XML");
    }
    if (header.dataLength > bytes.size() - kSaveImageFixedHeaderSize) {
        return core::fail(core::ErrorCode::InvalidArgument,
                          "Invalid save image: the header is truncated, because the data length " +
                              std::to_string(header.dataLength) + " runs past the " +
                              std::to_string(bytes.size()) + " bytes available");
    }

    if (core::Status data = readDataArea(bytes.substr(kSaveImageFixedHeaderSize, header.dataLength), header);
        !data) {
        return tl::unexpected(data.error());
    }
    return header;
}

core::Result<std::string> rewriteSaveImageHeader(const SaveImageHeader& header, std::string_view domainXml)
{
    if (domainXml.find('\0') != std::string_view::npos) {
        return core::fail(core::ErrorCode::InvalidArgument,
                          "Failed to rewrite save image header: the new domain XML contains a NUL byte");
    }

    const bool hasCookie = header.cookieOffset != 0;
    const std::size_t xmlLength = domainXml.size() + 1;
    const std::size_t cookieLength = hasCookie ? header.cookie.size() + 1 : 0;
    if (xmlLength + cookieLength > header.dataLength) {
        return core::fail(core::ErrorCode::InvalidArgument,
                          "Failed to rewrite save image header: the new domain XML (" +
                              std::to_string(xmlLength) + " bytes with its NUL) and the cookie (" +
                              std::to_string(cookieLength) + " bytes) do not fit in the data length " +
                              std::to_string(header.dataLength) + " of the image");
    }

    std::string bytes(kCompleteMagic);
    bytes.reserve(saveImageHeaderSize(header));
    appendWord(bytes, header.version);
    appendWord(bytes, header.dataLength);
    appendWord(bytes, header.wasRunning);
    appendWord(bytes, header.compressed);
    // libvirt puts the cookie right after the XML's NUL (virQEMUSaveDataWrite).
    appendWord(bytes, hasCookie ? static_cast<std::uint32_t>(xmlLength) : 0);
    for (std::uint32_t word : header.reserved) {
        appendWord(bytes, word);
    }

    bytes.append(domainXml);
    bytes.push_back('\0');
    if (hasCookie) {
        bytes.append(header.cookie);
        bytes.push_back('\0');
    }
    bytes.resize(saveImageHeaderSize(header), '\0');
    return bytes;
}

namespace {

core::Status setChildText(pugi::xml_node domain, const char* name, const std::string& value)
{
    pugi::xml_node child = domain.child(name);
    if (!child) {
        child = domain.append_child(name);
    }
    if (!child.text().set(value.c_str())) {
        return core::fail(core::ErrorCode::Internal, std::string("Failed to set <") + name + "> in the domain XML");
    }
    return {};
}

core::Status replaceMacAddresses(pugi::xml_node devices, const std::vector<std::string>& macAddresses)
{
    std::vector<pugi::xml_node> interfaces;
    for (pugi::xml_node interface : devices.children("interface")) {
        interfaces.push_back(interface);
    }
    if (interfaces.size() != macAddresses.size()) {
        return core::fail(core::ErrorCode::InvalidArgument,
                          "Failed to rewrite domain XML for a clone: it has " + std::to_string(interfaces.size()) +
                              " interfaces but " + std::to_string(macAddresses.size()) +
                              " MAC addresses were given");
    }

    for (std::size_t i = 0; i < interfaces.size(); ++i) {
        pugi::xml_node mac = interfaces[i].child("mac");
        if (!mac) {
            mac = interfaces[i].prepend_child("mac");
        }
        pugi::xml_attribute address = mac.attribute("address");
        if (!address) {
            address = mac.append_attribute("address");
        }
        address.set_value(macAddresses[i].c_str());
    }
    return {};
}

core::Status replaceDiskSources(pugi::xml_node devices, const std::vector<std::string>& diskSourcePaths)
{
    std::vector<pugi::xml_attribute> sources;
    for (pugi::xml_node disk : devices.children("disk")) {
        if (pugi::xml_attribute file = disk.child("source").attribute("file")) {
            sources.push_back(file);
        }
    }
    if (sources.size() != diskSourcePaths.size()) {
        return core::fail(core::ErrorCode::InvalidArgument,
                          "Failed to rewrite domain XML for a clone: it has " + std::to_string(sources.size()) +
                              " file disks but " + std::to_string(diskSourcePaths.size()) +
                              " disk paths were given");
    }
    for (std::size_t i = 0; i < sources.size(); ++i) {
        sources[i].set_value(diskSourcePaths[i].c_str());
    }
    return {};
}

void replaceConsolePaths(pugi::xml_node devices, const std::string& consoleLogPath)
{
    for (pugi::xml_node device : devices.children()) {
        const std::string_view name = device.name();
        if ((name != "serial" && name != "console") || std::string_view(device.attribute("type").value()) != "file") {
            continue;
        }
        if (pugi::xml_attribute path = device.child("source").attribute("path")) {
            path.set_value(consoleLogPath.c_str());
        }
    }
}

}  // namespace

core::Result<std::string> rewriteDomainXmlForClone(std::string_view domainXml, const CloneIdentity& identity)
{
    if (identity.name.empty() || identity.uuid.empty() || identity.consoleLogPath.empty()) {
        return core::fail(core::ErrorCode::InvalidArgument,
                          "Failed to rewrite domain XML for a clone: the name, UUID and console log path must not be empty");
    }

    // Whitespace and comments are kept so that every element the clone does not change comes out
    // as libvirt wrote it.
    pugi::xml_document document;
    const unsigned int parseOptions = pugi::parse_default | pugi::parse_ws_pcdata | pugi::parse_comments;
    const pugi::xml_parse_result parsed = document.load_buffer(domainXml.data(), domainXml.size(), parseOptions);
    if (!parsed) {
        return core::fail(core::ErrorCode::InvalidArgument,
                          "Failed to rewrite domain XML for a clone: the XML is invalid at byte " +
                              std::to_string(parsed.offset) + ": " + parsed.description());
    }
    pugi::xml_node domain = document.child("domain");
    if (!domain) {
        return core::fail(core::ErrorCode::InvalidArgument,
                          "Failed to rewrite domain XML for a clone: the root element is not <domain>");
    }

    if (core::Status name = setChildText(domain, "name", identity.name); !name) {
        return tl::unexpected(name.error());
    }
    if (core::Status uuid = setChildText(domain, "uuid", identity.uuid); !uuid) {
        return tl::unexpected(uuid.error());
    }
    pugi::xml_node devices = domain.child("devices");
    if (core::Status macs = replaceMacAddresses(devices, identity.macAddresses); !macs) {
        return tl::unexpected(macs.error());
    }
    if (core::Status disks = replaceDiskSources(devices, identity.diskSourcePaths); !disks) {
        return tl::unexpected(disks.error());
    }
    replaceConsolePaths(devices, identity.consoleLogPath);

    std::ostringstream output;
    // Single quotes match libvirt's own formatting, so unchanged attributes come out byte for byte.
    document.save(output, "", pugi::format_raw | pugi::format_no_declaration | pugi::format_attribute_single_quote);
    std::string rewritten = output.str();
    // pugixml drops the whitespace after the root element, which libvirt ends with a newline.
    if (!domainXml.empty() && domainXml.back() == '\n') {
        rewritten.push_back('\n');
    }
    return rewritten;
}

}  // namespace shoal::hypervisor
