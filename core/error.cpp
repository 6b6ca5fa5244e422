#include "core/error.h"

namespace shoal::core {

tl::unexpected<Error> fail(ErrorCode code, std::string detail)
{
    return tl::unexpected<Error>(Error{code, std::move(detail), 0, {}});
}

std::string_view toString(ErrorCode code)
{
    switch (code) {
    case ErrorCode::InvalidArgument: return "invalid-argument";
    case ErrorCode::NotFound: return "not-found";
    case ErrorCode::AlreadyExists: return "already-exists";
    case ErrorCode::InvalidState: return "invalid-state";
    case ErrorCode::Unsupported: return "unsupported";
    case ErrorCode::HostUnreachable: return "host-unreachable";
    case ErrorCode::HostError: return "host-error";
    case ErrorCode::StorageError: return "storage-error";
    case ErrorCode::Timeout: return "timeout";
    case ErrorCode::Cancelled: return "cancelled";
    case ErrorCode::Internal: return "internal";
    }
    return "internal";
}

}  // namespace shoal::core
