#include "core/names.h"

#include <array>
#include <cstdint>
#include <optional>
#include <random>

#include <spdlog/fmt/fmt.h>

namespace shoal::core {

namespace {

constexpr std::string_view kBase32Alphabet = "abcdefghijklmnopqrstuvwxyz234567";
constexpr std::string_view kDomainPrefix = "shoal-";

struct DecodedCharacter {
    char32_t codePoint = 0;
    std::size_t length = 0;  // bytes; 0 when the bytes at this offset are not valid UTF-8
};

// Decodes one UTF-8 sequence strictly: no overlong forms, no surrogates, nothing above U+10FFFF.
DecodedCharacter decodeAt(std::string_view text, std::size_t offset)
{
    const auto lead = static_cast<unsigned char>(text[offset]);
    if (lead < 0x80)
        return {lead, 1};

    std::size_t length = 0;
    char32_t codePoint = 0;
    char32_t minimum = 0;
    if ((lead & 0xE0) == 0xC0) {
        length = 2;
        codePoint = lead & 0x1F;
        minimum = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3;
        codePoint = lead & 0x0F;
        minimum = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4;
        codePoint = lead & 0x07;
        minimum = 0x10000;
    } else {
        return {};
    }
    if (offset + length > text.size())
        return {};

    for (std::size_t i = 1; i < length; ++i) {
        const auto next = static_cast<unsigned char>(text[offset + i]);
        if ((next & 0xC0) != 0x80)
            return {};
        codePoint = (codePoint << 6) | (next & 0x3F);
    }
    if (codePoint < minimum || codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF))
        return {};
    return {codePoint, length};
}

void appendUtf8(std::string& out, char32_t codePoint)
{
    if (codePoint < 0x80) {
        out += static_cast<char>(codePoint);
    } else if (codePoint < 0x800) {
        out += static_cast<char>(0xC0 | (codePoint >> 6));
        out += static_cast<char>(0x80 | (codePoint & 0x3F));
    } else if (codePoint < 0x10000) {
        out += static_cast<char>(0xE0 | (codePoint >> 12));
        out += static_cast<char>(0x80 | ((codePoint >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (codePoint & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (codePoint >> 18));
        out += static_cast<char>(0x80 | ((codePoint >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((codePoint >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (codePoint & 0x3F));
    }
}

bool isControl(char32_t c)
{
    return c < 0x20 || (c >= 0x7F && c <= 0x9F);
}

// Characters that print nothing yet change how the text around them reads: line and paragraph
// separators, bidirectional overrides and isolates, the byte order mark and the noncharacters.
bool isInvisibleFormat(char32_t c)
{
    return c == 0x2028 || c == 0x2029 || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E)
        || (c >= 0x2066 && c <= 0x2069) || c == 0xFEFF || c == 0xFFFE || c == 0xFFFF;
}

bool isWhiteSpace(char32_t c)
{
    return c == 0x20 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200B) || c == 0x202F
        || c == 0x205F || c == 0x3000;
}

std::string codePointLabel(char32_t c)
{
    return fmt::format("U+{:04X}", static_cast<std::uint32_t>(c));
}

// Lowers the capitals of the scripts that sandbox names are most often written in. Scripts
// without case (CJK, for example) compare as they are.
// NOTE: this is not full Unicode case folding. Capitals outside Latin-1, Latin Extended-A, Greek,
// Cyrillic and the full-width Latin letters compare as different from their small letters.
char32_t foldCodePoint(char32_t c)
{
    if ((c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7))
        return c + 0x20;
    if (c >= 0x100 && c <= 0x137 && c != 0x130 && c != 0x131 && c % 2 == 0)
        return c + 1;
    if (c >= 0x139 && c <= 0x148 && c % 2 == 1)
        return c + 1;
    if (c >= 0x14A && c <= 0x177 && c % 2 == 0)
        return c + 1;
    if (c == 0x178)
        return 0xFF;
    if (c >= 0x179 && c <= 0x17E && c % 2 == 1)
        return c + 1;
    if ((c >= 0x391 && c <= 0x3A9 && c != 0x3A2) || (c >= 0x410 && c <= 0x42F))
        return c + 0x20;
    if (c >= 0x400 && c <= 0x40F)
        return c + 0x50;
    if (c >= 0xFF21 && c <= 0xFF3A)
        return c + 0x20;
    return c;
}

// Checks one character of a display name at its 1-based `position`. These messages leave the
// name out, so a control character in it never reaches a log or a terminal.
Status checkCharacter(char32_t c, std::size_t position)
{
    if (isControl(c)) {
        return fail(ErrorCode::InvalidArgument,
                    fmt::format("Display name contains the control character {} at character {}",
                                codePointLabel(c), position));
    }
    if (isInvisibleFormat(c)) {
        return fail(ErrorCode::InvalidArgument,
                    fmt::format("Display name contains the invisible format character {} at character {}",
                                codePointLabel(c), position));
    }
    return {};
}

}  // namespace

Status validateDisplayName(std::string_view name)
{
    if (name.empty())
        return fail(ErrorCode::InvalidArgument, "Display name is empty; give at least one character");

    // Every character is checked before any message quotes the name.
    std::size_t position = 0;
    char32_t first = 0;
    char32_t last = 0;
    for (std::size_t offset = 0; offset < name.size();) {
        const DecodedCharacter decoded = decodeAt(name, offset);
        ++position;
        if (decoded.length == 0) {
            return fail(ErrorCode::InvalidArgument,
                        fmt::format("Display name contains invalid UTF-8 at character {} (byte 0x{:02X})",
                                    position, static_cast<unsigned char>(name[offset])));
        }
        if (Status allowed = checkCharacter(decoded.codePoint, position); !allowed)
            return allowed;
        if (position == 1)
            first = decoded.codePoint;
        last = decoded.codePoint;
        offset += decoded.length;
    }

    if (isWhiteSpace(first)) {
        return fail(ErrorCode::InvalidArgument,
                    fmt::format("Display name \"{}\" starts with white space ({} at character 1)", name,
                                codePointLabel(first)));
    }
    if (isWhiteSpace(last)) {
        return fail(ErrorCode::InvalidArgument,
                    fmt::format("Display name \"{}\" ends with white space ({} at character {})", name,
                                codePointLabel(last), position));
    }
    if (position > kMaxDisplayNameLength) {
        return fail(ErrorCode::InvalidArgument,
                    fmt::format("Display name \"{}\" is {} characters long; the maximum is {}", name, position,
                                kMaxDisplayNameLength));
    }
    return {};
}

std::string foldDisplayName(std::string_view name)
{
    std::string folded;
    folded.reserve(name.size());
    for (std::size_t offset = 0; offset < name.size();) {
        const DecodedCharacter decoded = decodeAt(name, offset);
        if (decoded.length == 0)
            return std::string(name);
        appendUtf8(folded, foldCodePoint(decoded.codePoint));
        offset += decoded.length;
    }
    return folded;
}

bool isSameDisplayName(std::string_view left, std::string_view right)
{
    return foldDisplayName(left) == foldDisplayName(right);
}

std::string generateSandboxId()
{
    thread_local std::mt19937_64 generator{std::random_device{}()};
    std::uniform_int_distribution<std::size_t> pick(0, kBase32Alphabet.size() - 1);

    std::string id;
    id.reserve(kSandboxIdLength);
    for (std::size_t i = 0; i < kSandboxIdLength; ++i)
        id += kBase32Alphabet[pick(generator)];
    return id;
}

std::string domainNameForId(std::string_view id)
{
    return std::string(kDomainPrefix) + std::string(id);
}

std::string sandboxIdFromDomainName(std::string_view domainName)
{
    if (domainName.size() <= kDomainPrefix.size() || !domainName.starts_with(kDomainPrefix))
        return {};
    return std::string(domainName.substr(kDomainPrefix.size()));
}

std::vector<std::string> makeDisplayNames(std::string_view requested, std::string_view templateName,
                                          const std::vector<std::string>& ids)
{
    std::vector<std::string> names;
    names.reserve(ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (requested.empty())
            names.push_back(fmt::format("{}-{}", templateName, ids[i]));
        else if (ids.size() == 1)
            names.emplace_back(requested);
        else
            names.push_back(fmt::format("{}-{}", requested, i + 1));
    }
    return names;
}

std::string hostNameFromUri(std::string_view uri)
{
    const std::size_t scheme = uri.find("://");
    if (scheme == std::string_view::npos)
        return std::string(uri);
    std::string_view rest = uri.substr(scheme + 3);
    const std::size_t slash = rest.find('/');
    std::string_view authority = rest.substr(0, slash);
    std::string_view path = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);

    if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos)
        authority.remove_prefix(at + 1);
    if (const std::size_t colon = authority.rfind(':'); colon != std::string_view::npos
        && authority.find(']') == std::string_view::npos)
        authority = authority.substr(0, colon);
    if (!authority.empty())
        return std::string(authority);

    if (uri.starts_with("test:")) {
        path = path.substr(0, path.find('?'));
        std::string_view file = path.substr(path.rfind('/') + 1);
        file = file.substr(0, file.find('.'));
        if (!file.empty())
            return std::string(file);
    }
    return "localhost";
}

}  // namespace shoal::core
