#include "hypervisor/libvirterror.h"

#include <array>
#include <mutex>
#include <utility>

#include <libvirt/virterror.h>

#include "core/log.h"

namespace shoal::hypervisor {

namespace {

void dropError(void* /*userData*/, virErrorPtr /*error*/)
{
}

bool contains(std::string_view text, std::string_view part)
{
    return text.find(part) != std::string_view::npos;
}

// Libvirt messages that identify a cause of a failed connection, with what the user can do.
// The texts are those of OpenSSH and of libvirt's socket code, matched as substrings.
constexpr std::array<std::pair<std::string_view, std::string_view>, 9> kConnectionHints{{
    {"Host key verification failed",
     "The host's SSH key is not in known_hosts. Add it (ssh-keyscan HOST >> ~/.ssh/known_hosts) "
     "or name a known_hosts file with the URI parameter known_hosts=PATH."},
    {"REMOTE HOST IDENTIFICATION HAS CHANGED",
     "The host's SSH key differs from the one in known_hosts. Check the host, then replace the "
     "old key (ssh-keygen -R HOST)."},
    {"Permission denied",
     "The host accepted none of the offered SSH keys. Name the key with the URI parameter "
     "keyfile=PATH or load it into ssh-agent."},
    {"askpass",
     "SSH needed a password or passphrase, and Shoal never prompts. Use a key without a "
     "passphrase, an ssh-agent, or the URI parameter keyfile=PATH."},
    {"Could not resolve hostname",
     "The host name in the URI does not resolve. Check the spelling or use an IP address."},
    {"Connection refused",
     "Nothing accepts connections on the host's SSH or libvirt port. Check that sshd or libvirtd "
     "runs there."},
    {"Connection timed out",
     "The host did not answer. Check that it is up and that no firewall blocks the port."},
    {"No route to host",
     "The host is unreachable from this machine. Check the network and the host name."},
    {"libvirt-sock",
     "No libvirt daemon listens on this host's socket. Start libvirtd, or check the URI."},
}};

}  // namespace

void installErrorHandler()
{
    static std::once_flag once;
    std::call_once(once, [] { virSetErrorFunc(nullptr, dropError); });
}

core::ErrorCode errorCodeFor(int libvirtCode, int libvirtDomain)
{
    switch (libvirtCode) {
    case VIR_ERR_NO_DOMAIN:
    case VIR_ERR_NO_STORAGE_POOL:
    case VIR_ERR_NO_STORAGE_VOL:
    case VIR_ERR_NO_DOMAIN_METADATA:
        return core::ErrorCode::NotFound;
    case VIR_ERR_DOM_EXIST:
    case VIR_ERR_STORAGE_VOL_EXIST:
    case VIR_ERR_STORAGE_POOL_BUILT:
        return core::ErrorCode::AlreadyExists;
    case VIR_ERR_OPERATION_INVALID:
        return core::ErrorCode::InvalidState;
    case VIR_ERR_NO_SUPPORT:
    case VIR_ERR_ARGUMENT_UNSUPPORTED:
        return core::ErrorCode::Unsupported;
    case VIR_ERR_INVALID_ARG:
    case VIR_ERR_XML_ERROR:
    case VIR_ERR_XML_DETAIL:
    case VIR_ERR_INVALID_DOMAIN:
        return core::ErrorCode::InvalidArgument;
    case VIR_ERR_OPERATION_TIMEOUT:
        return core::ErrorCode::Timeout;
    case VIR_ERR_NO_CONNECT:
    case VIR_ERR_INVALID_CONN:
    case VIR_ERR_RPC:
    case VIR_ERR_AUTH_FAILED:
    case VIR_ERR_AUTH_CANCELLED:
    case VIR_ERR_AUTH_UNAVAILABLE:
        return core::ErrorCode::HostUnreachable;
    default:
        break;
    }
    if (libvirtDomain == VIR_FROM_STORAGE)
        return core::ErrorCode::StorageError;
    return core::ErrorCode::HostError;
}

std::string connectionFailureHint(int libvirtCode, std::string_view libvirtMessage)
{
    for (const auto& [pattern, hint] : kConnectionHints) {
        if (contains(libvirtMessage, pattern))
            return std::string(hint);
    }
    if (libvirtCode == VIR_ERR_AUTH_UNAVAILABLE || libvirtCode == VIR_ERR_AUTH_FAILED)
        return "The host asks for credentials, and Shoal never prompts for them. Configure "
               "key-based access or a libvirt client configuration that needs no input.";
    return {};
}

core::Error makeLibvirtError(std::string_view context, int libvirtCode, int libvirtDomain,
                             std::string_view libvirtMessage)
{
    core::Error error;
    error.code = errorCodeFor(libvirtCode, libvirtDomain);
    error.hypervisorCode = libvirtCode;
    error.hypervisorMessage = std::string(libvirtMessage);
    error.detail = std::string(context) + ": " +
                   (libvirtMessage.empty() ? std::string("libvirt reported no reason")
                                           : std::string(libvirtMessage));
    return error;
}

core::Error lastLibvirtError(std::string_view context)
{
    virErrorPtr last = virGetLastError();
    if (!last)
        return makeLibvirtError(context, VIR_ERR_INTERNAL_ERROR, VIR_FROM_NONE, {});

    core::Error error = makeLibvirtError(context, last->code, last->domain,
                                         last->message ? last->message : "");
    core::logger("hypervisor")->debug("libvirt error {} (origin {}): {}", last->code,
                                      last->domain, error.hypervisorMessage);
    virResetLastError();
    return error;
}

}  // namespace shoal::hypervisor
