#pragma once

#include <string>
#include <string_view>

#include "core/error.h"

namespace shoal::hypervisor {

// Replaces libvirt's default error handler, which prints every error to stderr, with one that
// drops it. Errors are still kept per thread and read with lastLibvirtError() where a call
// failed. Idempotent and thread-safe.
void installErrorHandler();

// Returns the error that the last failed libvirt call on this thread left behind. `context` is
// the start of the sentence, e.g. `Failed to start sandbox "shoal-ab12" on host "qemu:///system"`;
// libvirt's message follows it after a colon. Call it right after the failing call, because any
// later libvirt call on the thread may reset the error.
core::Error lastLibvirtError(std::string_view context);

// Builds the error for a libvirt failure from its parts. Used by lastLibvirtError and by tests.
core::Error makeLibvirtError(std::string_view context, int libvirtCode, int libvirtDomain,
                             std::string_view libvirtMessage);

// Maps a libvirt error number (virErrorNumber) and origin (virErrorDomain) to Shoal's code.
core::ErrorCode errorCodeFor(int libvirtCode, int libvirtDomain);

// Returns one or two sentences on what to do about a failed connection, such as an unknown SSH
// host key or a missing key file. The cause is judged from libvirt's message, and the result is
// empty when no known cause matches.
std::string connectionFailureHint(int libvirtCode, std::string_view libvirtMessage);

}  // namespace shoal::hypervisor
