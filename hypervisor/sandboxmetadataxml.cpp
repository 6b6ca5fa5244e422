#include "hypervisor/sandboxmetadataxml.h"

#include <cstdio>
#include <ctime>

namespace shoal::hypervisor {

namespace {

std::string_view localName(std::string_view qualifiedName)
{
    std::size_t colon = qualifiedName.find(':');
    return colon == std::string_view::npos ? qualifiedName : qualifiedName.substr(colon + 1);
}

std::string_view prefixOf(std::string_view qualifiedName)
{
    std::size_t colon = qualifiedName.find(':');
    return colon == std::string_view::npos ? std::string_view{} : qualifiedName.substr(0, colon);
}

// Returns the text of the child whose local name is `name`, whatever its prefix.
std::string childText(pugi::xml_node parent, std::string_view name)
{
    for (pugi::xml_node child : parent.children()) {
        if (child.type() == pugi::node_element && localName(child.name()) == name)
            return child.text().get();
    }
    return {};
}

std::string codePointName(std::uint32_t codePoint)
{
    char name[16];
    std::snprintf(name, sizeof name, "U+%04X", codePoint);
    return name;
}

core::Status invalidText(std::string_view valueName, std::string_view text, std::string_view reason)
{
    return core::fail(core::ErrorCode::InvalidArgument,
                      "Invalid " + std::string(valueName) + " \"" + std::string(text) + "\": " + std::string(reason));
}

// Decodes one UTF-8 sequence at `text[index]`, advancing `index`. Returns false when the bytes
// are not well-formed UTF-8 (overlong forms and surrogates included).
bool decodeUtf8(std::string_view text, std::size_t& index, std::uint32_t& codePoint)
{
    unsigned char lead = static_cast<unsigned char>(text[index]);
    int length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 0;
    if (length == 0 || index + length > text.size())
        return false;

    codePoint = length == 1 ? lead : lead & (0xFF >> (length + 1));
    for (int i = 1; i < length; ++i) {
        unsigned char next = static_cast<unsigned char>(text[index + i]);
        if ((next >> 6) != 0x2)
            return false;
        codePoint = (codePoint << 6) | (next & 0x3F);
    }
    constexpr std::uint32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
    index += length;
    return codePoint >= kSmallest[length] && codePoint <= 0x10FFFF &&
           !(codePoint >= 0xD800 && codePoint <= 0xDFFF);
}

}  // namespace

core::Status checkXmlText(std::string_view text, std::string_view valueName)
{
    std::size_t index = 0;
    while (index < text.size()) {
        std::uint32_t codePoint = 0;
        if (!decodeUtf8(text, index, codePoint))
            return invalidText(valueName, text, "it is not valid UTF-8");

        // XML 1.0 forbids most control characters, and a parser turns tab, CR and LF inside
        // attributes into spaces, so none of them would read back as written.
        if (codePoint < 0x20 || codePoint == 0xFFFE || codePoint == 0xFFFF)
            return invalidText(valueName, text, "character " + codePointName(codePoint) + " cannot be stored in XML");
    }
    return {};
}

std::string formatTimestamp(std::int64_t unixMs)
{
    std::time_t seconds = static_cast<std::time_t>(unixMs / 1000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[64];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                  utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                  static_cast<int>(unixMs % 1000));
    return text;
}

std::int64_t parseTimestamp(std::string_view text)
{
    std::tm utc{};
    int milliseconds = 0;
    char zone = 0;
    std::string copy(text);
    int fields = std::sscanf(copy.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%3d%c", &utc.tm_year, &utc.tm_mon,
                             &utc.tm_mday, &utc.tm_hour, &utc.tm_min, &utc.tm_sec, &milliseconds, &zone);
    if (fields != 8 || zone != 'Z' || copy.size() != 24)
        return -1;
    utc.tm_year -= 1900;
    utc.tm_mon -= 1;
    return static_cast<std::int64_t>(timegm(&utc)) * 1000 + milliseconds;
}

core::Status appendSandboxMetadata(pugi::xml_node metadataElement, const core::SandboxMetadata& metadata)
{
    const std::pair<std::string_view, const std::string*> fields[] = {
        {"id", &metadata.id},     {"displayName", &metadata.displayName},
        {"template", &metadata.templateName}, {"parent", &metadata.parentId},
        {"zone", &metadata.zone}, {"pool", &metadata.pool},
    };
    for (const auto& [name, value] : fields) {
        if (auto checked = checkXmlText(*value, "sandbox " + std::string(name)); !checked)
            return checked;
    }
    if (metadata.id.empty())
        return core::fail(core::ErrorCode::InvalidArgument, "Invalid sandbox metadata: the sandbox id is empty");

    const std::string prefix(kSandboxNamespacePrefix);
    pugi::xml_node sandbox = metadataElement.append_child((prefix + ":sandbox").c_str());
    sandbox.append_attribute(("xmlns:" + prefix).c_str()) = std::string(kSandboxNamespace).c_str();
    for (const auto& [name, value] : fields)
        sandbox.append_child((prefix + ":" + std::string(name)).c_str()).text() = value->c_str();
    sandbox.append_child((prefix + ":created").c_str()).text() = formatTimestamp(metadata.createdAtMs).c_str();
    // Written only for pool entries, so the metadata of every other domain stays as before.
    if (metadata.warmPoolEntry)
        sandbox.append_child((prefix + ":warmPoolEntry").c_str()).text() = "true";
    return {};
}

pugi::xml_node findSandboxMetadata(pugi::xml_node metadataElement)
{
    for (pugi::xml_node child : metadataElement.children()) {
        if (child.type() != pugi::node_element || localName(child.name()) != "sandbox")
            continue;
        std::string_view prefix = prefixOf(child.name());
        std::string declaration = prefix.empty() ? "xmlns" : "xmlns:" + std::string(prefix);
        if (child.attribute(declaration.c_str()).value() == kSandboxNamespace)
            return child;
    }
    return {};
}

core::Result<core::SandboxMetadata> parseSandboxMetadata(pugi::xml_node sandboxElement)
{
    core::SandboxMetadata metadata;
    metadata.id = childText(sandboxElement, "id");
    metadata.displayName = childText(sandboxElement, "displayName");
    metadata.templateName = childText(sandboxElement, "template");
    metadata.parentId = childText(sandboxElement, "parent");
    metadata.zone = childText(sandboxElement, "zone");
    metadata.pool = childText(sandboxElement, "pool");
    metadata.warmPoolEntry = childText(sandboxElement, "warmPoolEntry") == "true";
    if (metadata.id.empty())
        return core::fail(core::ErrorCode::InvalidArgument, "Invalid Shoal metadata: the <id> element is missing or empty");

    std::string created = childText(sandboxElement, "created");
    if (!created.empty()) {
        metadata.createdAtMs = parseTimestamp(created);
        if (metadata.createdAtMs < 0)
            return core::fail(core::ErrorCode::InvalidArgument,
                              "Invalid Shoal metadata of sandbox \"" + metadata.id + "\": creation time \"" +
                                  created + "\" is not of the form 2026-12-04T20:11:33.123Z");
    }
    return metadata;
}

core::Result<core::SandboxMetadata> parseSandboxMetadata(std::string_view xml)
{
    pugi::xml_document document;
    pugi::xml_parse_result parsed = document.load_buffer(xml.data(), xml.size());
    if (!parsed)
        return core::fail(core::ErrorCode::InvalidArgument,
                          std::string("Invalid Shoal metadata XML: ") + parsed.description());
    return parseSandboxMetadata(document.document_element());
}

}  // namespace shoal::hypervisor
