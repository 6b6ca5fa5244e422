#include "hypervisor/connectionuri.h"

#include <cctype>
#include <cstdio>
#include <string>

namespace shoal::hypervisor {

namespace {

bool isLowerAlnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

bool isValidName(std::string_view name)
{
    if (name.empty() || !(name[0] >= 'a' && name[0] <= 'z'))
        return false;
    for (char c : name) {
        if (!isLowerAlnum(c))
            return false;
    }
    return true;
}

core::Result<ConnectionUri> invalid(std::string_view uri, std::string_view reason)
{
    return core::fail(core::ErrorCode::InvalidArgument,
                      "Invalid libvirt URI \"" + std::string(uri) + "\": " + std::string(reason));
}

// Removes "user@" and ":port" from an authority and keeps an IPv6 literal in brackets whole.
std::string hostOfAuthority(std::string_view authority)
{
    std::size_t at = authority.rfind('@');
    if (at != std::string_view::npos)
        authority.remove_prefix(at + 1);
    if (!authority.empty() && authority.front() == '[') {
        std::size_t close = authority.find(']');
        return std::string(authority.substr(0, close == std::string_view::npos ? authority.size() : close + 1));
    }
    return std::string(authority.substr(0, authority.find(':')));
}

}  // namespace

core::Result<ConnectionUri> ConnectionUri::parse(std::string_view uri)
{
    for (unsigned char c : uri) {
        if (c <= 0x20 || c == 0x7f)
            return invalid(uri, "it contains a space or a control character; percent-encode it");
    }

    std::size_t separator = uri.find("://");
    if (separator == std::string_view::npos)
        return invalid(uri, "expected the form driver[+transport]://[host]/path, e.g. qemu:///system");

    ConnectionUri result;
    result.m_text = std::string(uri);
    std::string_view scheme = uri.substr(0, separator);
    std::size_t plus = scheme.find('+');
    result.m_driver = std::string(scheme.substr(0, plus));
    if (plus != std::string_view::npos)
        result.m_transport = std::string(scheme.substr(plus + 1));
    if (!isValidName(result.m_driver) || (plus != std::string_view::npos && !isValidName(result.m_transport)))
        return invalid(uri, "the driver and transport must be lower-case names, e.g. qemu+ssh");

    std::string_view rest = uri.substr(separator + 3);
    std::size_t slash = rest.find('/');
    if (slash == std::string_view::npos)
        return invalid(uri, "the path is missing, e.g. /system or /session");
    result.m_host = hostOfAuthority(rest.substr(0, slash));

    std::string_view pathAndQuery = rest.substr(slash);
    std::size_t question = pathAndQuery.find('?');
    result.m_path = std::string(pathAndQuery.substr(0, question));
    if (question != std::string_view::npos)
        result.m_query = std::string(pathAndQuery.substr(question + 1));
    if (result.m_path.size() < 2)
        return invalid(uri, "the path is empty, e.g. /system or /session");
    return result;
}

bool ConnectionUri::hasQueryParameter(std::string_view name) const
{
    std::string_view query = m_query;
    while (!query.empty()) {
        std::size_t ampersand = query.find('&');
        std::string_view item = query.substr(0, ampersand);
        if (item.substr(0, item.find('=')) == name)
            return true;
        if (ampersand == std::string_view::npos)
            break;
        query.remove_prefix(ampersand + 1);
    }
    return false;
}

std::string ConnectionUri::testDriverFile() const
{
    if (!isTestDriver() || isRemote() || m_path == "/default")
        return {};
    std::string file;
    for (std::size_t i = 0; i < m_path.size(); ++i) {
        if (m_path[i] == '%' && i + 2 < m_path.size() && std::isxdigit(static_cast<unsigned char>(m_path[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(m_path[i + 2]))) {
            file += static_cast<char>(std::stoi(m_path.substr(i + 1, 2), nullptr, 16));
            i += 2;
            continue;
        }
        file += m_path[i];
    }
    return file;
}

std::string ConnectionUri::openUri() const
{
    if (!isRemote() || hasQueryParameter("no_tty"))
        return m_text;
    return m_text + (m_query.empty() ? "?" : "&") + "no_tty=1";
}

std::string testDriverUri(std::string_view absolutePath)
{
    std::string uri = "test://";
    for (unsigned char c : absolutePath) {
        if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
            uri += static_cast<char>(c);
            continue;
        }
        char escaped[4];
        std::snprintf(escaped, sizeof escaped, "%%%02X", c);
        uri += escaped;
    }
    return uri;
}

}  // namespace shoal::hypervisor
