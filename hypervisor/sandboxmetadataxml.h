#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <pugixml.hpp>

#include "core/error.h"
#include "core/model.h"

namespace shoal::hypervisor {

// Shoal's XML namespace for the <metadata> element of its domains. Changing it orphans every
// existing sandbox, so a new format gets a new version number in the URI instead.
inline constexpr std::string_view kSandboxNamespace = "http://shoal.dev/xmlns/sandbox/1";
inline constexpr std::string_view kSandboxNamespacePrefix = "shoal";

// Namespace of the live-only metadata of a running domain: <run started="ISO 8601 time"/>.
inline constexpr std::string_view kRunNamespace = "http://shoal.dev/xmlns/run/1";

// Appends <shoal:sandbox xmlns:shoal="..."> with the metadata fields to `metadataElement`.
// pugixml escapes the text once. Fails with InvalidArgument when a field cannot be stored in
// XML 1.0 (invalid UTF-8 or a control character other than tab), naming the field and the
// character, so that nothing is defined that would read back differently.
core::Status appendSandboxMetadata(pugi::xml_node metadataElement, const core::SandboxMetadata& metadata);

// Returns the Shoal element among the children of a domain's <metadata>, matched by namespace
// URI whatever its prefix, or an empty node when there is none.
pugi::xml_node findSandboxMetadata(pugi::xml_node metadataElement);

// Reads the fields from a <sandbox> element, prefixed or not: virDomainGetMetadata returns the
// element without its prefix, virDomainGetXMLDesc with it. Fails with InvalidArgument when the
// id is missing or the creation time is malformed.
core::Result<core::SandboxMetadata> parseSandboxMetadata(pugi::xml_node sandboxElement);

// Parses the string that virDomainGetMetadata returns for Shoal's namespace.
core::Result<core::SandboxMetadata> parseSandboxMetadata(std::string_view xml);

// Checks that `text` can be stored in an XML 1.0 document and read back unchanged. `valueName`
// names the value in the error, e.g. `display name` or `kernel path`.
core::Status checkXmlText(std::string_view text, std::string_view valueName);

// Formats Unix milliseconds as UTC ISO 8601 with milliseconds, e.g. 2026-12-04T20:11:33.123Z,
// and parses that form back. Parsing returns -1 for any other form.
std::string formatTimestamp(std::int64_t unixMs);
std::int64_t parseTimestamp(std::string_view text);

}  // namespace shoal::hypervisor
