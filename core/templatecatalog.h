#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/model.h"

namespace shoal::core {

// The kernel command line used when the guest directory has no "cmdline" file.
inline constexpr const char* kDefaultKernelCmdline = "console=ttyS0 panic=-1";

// The templates sandboxes can be made from, by name. Not thread-safe, so the fleet guards it.
class TemplateCatalog {
public:
    // Returns the built-in template "tiny" (1 vCPU, 256 MiB memory, 64 MiB disk) made from the
    // files vmlinuz, initramfs.img and base.raw in `guestDirectory`. The kernel command line is the
    // first line of the file "cmdline" there, or kDefaultKernelCmdline when that file is missing.
    static Template builtInTiny(const std::string& guestDirectory);

    // Checks that the template's kernel, initramfs and base image exist as regular files. Fails
    // with NotFound, e.g. `Template "tiny" kernel file "/x/vmlinuz" not found`.
    static Status checkFiles(const Template& sandboxTemplate);

    // Adds the template, or replaces the one with the same name.
    void put(Template sandboxTemplate);
    // Removes the template with that name; an unknown name is not an error.
    void remove(const std::string& name);
    bool contains(const std::string& name) const;

    // Fails with NotFound: `Template "no-such" not found`.
    Result<Template> find(const std::string& name) const;

    // Returns every template, sorted by name.
    std::vector<Template> all() const;

private:
    std::map<std::string, Template> m_templates;
};

}  // namespace shoal::core
