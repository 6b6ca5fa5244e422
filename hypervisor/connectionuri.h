#pragma once

#include <string>
#include <string_view>

#include "core/error.h"

namespace shoal::hypervisor {

// A libvirt connection URI split into the parts Shoal acts on:
// driver[+transport]://[user@][host[:port]]/path[?query].
class ConnectionUri {
public:
    // Checks the form only: a driver name, "://", an absolute path, no spaces or control
    // characters. Fails with InvalidArgument naming the URI and the fault.
    static core::Result<ConnectionUri> parse(std::string_view uri);

    const std::string& text() const { return m_text; }
    const std::string& driver() const { return m_driver; }       // "qemu", "test", ...
    const std::string& transport() const { return m_transport; } // "ssh", "tcp", "tls" or empty
    const std::string& host() const { return m_host; }           // without user and port
    const std::string& path() const { return m_path; }           // "/system", "/session", ...
    const std::string& query() const { return m_query; }         // without the '?'

    bool isRemote() const { return !m_transport.empty() || !m_host.empty(); }
    bool isTestDriver() const { return m_driver == "test"; }
    bool isSession() const { return m_path == "/session"; }
    bool hasQueryParameter(std::string_view name) const;

    // Returns the local node file of a test:///<file> URI, percent-decoded. It is empty for any other
    // URI and for test:///default, which is built into libvirt.
    std::string testDriverFile() const;

    // Returns the URI to hand to libvirt. A remote URI gets no_tty=1 unless it sets no_tty
    // itself, so SSH runs in batch mode and fails instead of prompting on a terminal that the
    // console does not have.
    std::string openUri() const;

private:
    std::string m_text;
    std::string m_driver;
    std::string m_transport;
    std::string m_host;
    std::string m_path;
    std::string m_query;
};

// Returns "test:///" followed by `absolutePath` percent-encoded, so that a path with spaces, '&'
// or '[' still reaches libvirt's test driver unchanged.
std::string testDriverUri(std::string_view absolutePath);

}  // namespace shoal::hypervisor
