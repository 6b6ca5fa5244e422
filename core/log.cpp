#include "core/log.h"

#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <vector>

#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace shoal::core {

namespace {

constexpr std::string_view kModules[] = {"core", "hypervisor", "ui", "store", "app"};
constexpr std::size_t kLogFileBytes = 5 * 1024 * 1024;
constexpr std::size_t kLogFileCount = 3;

std::mutex& sinkMutex()
{
    static std::mutex mutex;
    return mutex;
}

std::vector<spdlog::sink_ptr>& sharedSinks()
{
    static std::vector<spdlog::sink_ptr> sinks;
    return sinks;
}

std::string defaultLogDirectory()
{
    if (const char* state = std::getenv("XDG_STATE_HOME"); state && *state)
        return std::string(state) + "/shoal";
    if (const char* home = std::getenv("HOME"); home && *home)
        return std::string(home) + "/.local/state/shoal";
    return {};
}

std::string loggerName(std::string_view module)
{
    return "shoal." + std::string(module);
}

// Applies "level" or "module=level" items separated by commas; unknown items are ignored so a
// typo in SHOAL_LOG never stops the program.
void applyLevels(const std::string& levels)
{
    std::size_t start = 0;
    while (start <= levels.size()) {
        std::size_t end = levels.find(',', start);
        if (end == std::string::npos)
            end = levels.size();
        std::string item = levels.substr(start, end - start);
        start = end + 1;
        if (item.empty())
            continue;

        std::size_t equals = item.find('=');
        if (equals == std::string::npos) {
            spdlog::level::level_enum level = spdlog::level::from_str(item);
            for (std::string_view module : kModules)
                logger(module)->set_level(level);
            continue;
        }
        std::string module = item.substr(0, equals);
        spdlog::level::level_enum level = spdlog::level::from_str(item.substr(equals + 1));
        logger(module)->set_level(level);
    }
}

}  // namespace

void setupLogging(const LogOptions& options)
{
    {
        std::lock_guard lock(sinkMutex());
        std::vector<spdlog::sink_ptr>& sinks = sharedSinks();
        sinks.clear();
        if (options.toStderr)
            sinks.push_back(std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
        std::string directory = options.directory.empty() ? defaultLogDirectory() : options.directory;
        if (options.toFile && !directory.empty()) {
            try {
                std::filesystem::create_directories(directory);
                sinks.push_back(std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
                    directory + "/shoal.log", kLogFileBytes, kLogFileCount));
            } catch (const std::exception& error) {
                spdlog::warn("Failed to open the log file in \"{}\": {}", directory, error.what());
            }
        }
        for (std::string_view module : kModules) {
            spdlog::drop(loggerName(module));
            auto created = std::make_shared<spdlog::logger>(loggerName(module), sinks.begin(), sinks.end());
            created->set_level(spdlog::level::info);
            spdlog::register_logger(created);
        }
    }
    applyLevels(options.levels);
}

std::shared_ptr<spdlog::logger> logger(std::string_view module)
{
    std::lock_guard lock(sinkMutex());
    std::string name = loggerName(module);
    if (auto existing = spdlog::get(name))
        return existing;
    std::vector<spdlog::sink_ptr>& sinks = sharedSinks();
    if (sinks.empty())
        sinks.push_back(std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
    auto created = std::make_shared<spdlog::logger>(name, sinks.begin(), sinks.end());
    created->set_level(spdlog::level::warn);
    spdlog::register_logger(created);
    return created;
}

}  // namespace shoal::core
