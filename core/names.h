#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace shoal::core {

// The maximum display name length, in Unicode code points.
inline constexpr std::size_t kMaxDisplayNameLength = 64;

// The length of a generated sandbox id, in base32 characters.
inline constexpr std::size_t kSandboxIdLength = 8;

// Checks a sandbox display name against the one rule used by create, clone, rename and import.
// Any printable UTF-8 text is accepted, spaces inside included. Rejects, with InvalidArgument and
// the offending character and its position named: an empty name, leading or trailing white space,
// control characters, invalid UTF-8 and names longer than kMaxDisplayNameLength code points.
Status validateDisplayName(std::string_view name);

// Folds `name` for case-insensitive comparison of display names: ASCII letters and the Latin-1,
// Greek and Cyrillic capitals are lowered. Invalid UTF-8 is returned unchanged.
std::string foldDisplayName(std::string_view name);

// Returns true when two display names differ only in letter case.
bool isSameDisplayName(std::string_view left, std::string_view right);

// Returns a new random sandbox id: kSandboxIdLength characters of lower-case base32
// ("a"-"z", "2"-"7"). The caller checks it against the ids in use.
std::string generateSandboxId();

// Returns the libvirt domain name for a sandbox id: "shoal-" followed by the id.
std::string domainNameForId(std::string_view id);

// Returns the sandbox id inside a domain name made by domainNameForId, or an empty string.
std::string sandboxIdFromDomainName(std::string_view domainName);

// Returns the display names for `count` new sandboxes. With `requested` empty, each gets
// "<template>-<id>" from the matching entry of `ids`. With one sandbox the requested name is
// used as it is, and with more they are "<requested>-1", "<requested>-2", and so on.
std::vector<std::string> makeDisplayNames(std::string_view requested, std::string_view templateName,
                                          const std::vector<std::string>& ids);

// Returns a short host name for a libvirt URI, for hosts added without a name. A remote URI gives
// its server ("h1" for "qemu+ssh://root@h1/system"). A test-driver URI gives its file name without
// extension ("host-3" for "test:///tmp/host-3.xml"). A local daemon gives "localhost".
std::string hostNameFromUri(std::string_view uri);

}  // namespace shoal::core
