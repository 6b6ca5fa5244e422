#pragma once

#include <string>
#include <string_view>

#include <tl/expected.hpp>

namespace shoal::core {

// Kind of failure, coarse enough to branch on. The detail string gives the rest.
enum class ErrorCode {
    InvalidArgument,   // bad input from the user: a name, a path, a URI, a count
    NotFound,          // no such host, template or sandbox
    AlreadyExists,     // the name or URI is taken
    InvalidState,      // the request is illegal in the object's current state
    Unsupported,       // the host or driver cannot do this
    HostUnreachable,   // the connection failed or was lost
    HostError,         // libvirt or QEMU failed the request
    StorageError,      // a volume, pool or file operation failed
    Timeout,           // the operation did not finish in time
    Cancelled,         // the user or shutdown stopped it
    Internal,          // a bug in Shoal
};

// An expected failure. `detail` is one whole English sentence with the offending values quoted,
// e.g. `Failed to start sandbox "agent-7" on host "az1-b03": domain not found`. At the libvirt
// boundary `hypervisorCode` and `hypervisorMessage` keep libvirt's own error number and text.
struct Error {
    ErrorCode code = ErrorCode::Internal;
    std::string detail;
    int hypervisorCode = 0;
    std::string hypervisorMessage;
};

template <typename T>
using Result = tl::expected<T, Error>;
using Status = tl::expected<void, Error>;

// Returns an unexpected value carrying `code` and `detail`, ready to return from a Result function.
tl::unexpected<Error> fail(ErrorCode code, std::string detail);

// Returns a stable lower-case name for `code`, e.g. "not-found", used in JSON output and logs.
std::string_view toString(ErrorCode code);

}  // namespace shoal::core
