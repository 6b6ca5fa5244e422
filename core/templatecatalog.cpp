#include "core/templatecatalog.h"

#include <filesystem>
#include <fstream>
#include <system_error>

#include <spdlog/fmt/fmt.h>

namespace shoal::core {

namespace {

// Returns the first line of the file at `path` without surrounding white space, or an empty
// string when the file cannot be read.
std::string readFirstLine(const std::filesystem::path& path)
{
    std::ifstream file(path);
    std::string line;
    if (!file || !std::getline(file, line))
        return {};
    const std::size_t first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos)
        return {};
    const std::size_t last = line.find_last_not_of(" \t\r");
    return line.substr(first, last - first + 1);
}

Status checkFile(const Template& sandboxTemplate, std::string_view role, const std::string& path)
{
    std::error_code error;
    if (path.empty()) {
        return fail(ErrorCode::InvalidArgument,
                    fmt::format("Template \"{}\" has no {} file set", sandboxTemplate.name, role));
    }
    if (!std::filesystem::is_regular_file(path, error)) {
        return fail(ErrorCode::NotFound,
                    fmt::format("Template \"{}\" {} file \"{}\" not found", sandboxTemplate.name, role, path));
    }
    return {};
}

}  // namespace

Template TemplateCatalog::builtInTiny(const std::string& guestDirectory)
{
    const std::filesystem::path directory(guestDirectory);
    Template tiny;
    tiny.name = "tiny";
    tiny.vcpus = 1;
    tiny.memoryMiB = 256;
    tiny.diskMiB = 64;
    tiny.kernelPath = (directory / "vmlinuz").string();
    tiny.initrdPath = (directory / "initramfs.img").string();
    tiny.baseImagePath = (directory / "base.raw").string();
    tiny.kernelCmdline = readFirstLine(directory / "cmdline");
    if (tiny.kernelCmdline.empty())
        tiny.kernelCmdline = kDefaultKernelCmdline;
    tiny.builtIn = true;
    return tiny;
}

Status TemplateCatalog::checkFiles(const Template& sandboxTemplate)
{
    if (Status checked = checkFile(sandboxTemplate, "kernel", sandboxTemplate.kernelPath); !checked)
        return checked;
    if (Status checked = checkFile(sandboxTemplate, "initramfs", sandboxTemplate.initrdPath); !checked)
        return checked;
    return checkFile(sandboxTemplate, "base image", sandboxTemplate.baseImagePath);
}

void TemplateCatalog::put(Template sandboxTemplate)
{
    std::string name = sandboxTemplate.name;
    m_templates.insert_or_assign(std::move(name), std::move(sandboxTemplate));
}

void TemplateCatalog::remove(const std::string& name)
{
    m_templates.erase(name);
}

bool TemplateCatalog::contains(const std::string& name) const
{
    return m_templates.contains(name);
}

Result<Template> TemplateCatalog::find(const std::string& name) const
{
    auto found = m_templates.find(name);
    if (found == m_templates.end())
        return fail(ErrorCode::NotFound, fmt::format("Template \"{}\" not found", name));
    return found->second;
}

std::vector<Template> TemplateCatalog::all() const
{
    std::vector<Template> templates;
    templates.reserve(m_templates.size());
    for (const auto& [name, sandboxTemplate] : m_templates)
        templates.push_back(sandboxTemplate);
    return templates;
}

}  // namespace shoal::core
