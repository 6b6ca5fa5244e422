#include "app/ctlcommands.h"

#include <algorithm>

#include <fmt/format.h>

#include "app/ctloutput.h"

namespace shoal::app {

namespace {

// The console tail that `sandbox console` prints.
constexpr std::size_t kConsoleBytes = 64 * 1024;

CommandOutput sandboxOutput(const core::SandboxInfo& sandbox)
{
    return {toJson(sandbox), [sandbox](std::ostream& out) { printSandboxes(out, {sandbox}); }};
}

}  // namespace

CtlCommands::CtlCommands(core::Fleet& fleet, core::Fleet::Persistence persistence)
    : m_fleet(fleet)
    , m_persistence(persistence)
{
}

std::vector<std::string> CtlCommands::connectHosts()
{
    // refreshHost queues behind the connection attempt that load() started on the host's worker,
    // so it returns once that attempt is over.
    std::vector<std::string> warnings;
    for (const core::HostStatus& host : m_fleet.hosts()) {
        if (auto refreshed = m_fleet.refreshHost(host.spec.uri); !refreshed)
            warnings.push_back(refreshed.error().detail);
    }
    return warnings;
}

core::Result<CommandOutput> CtlCommands::addHost(const HostAddArguments& arguments)
{
    const auto domainType = core::domainTypeFromString(arguments.domainType);
    if (!domainType) {
        return core::fail(core::ErrorCode::InvalidArgument,
                          fmt::format("Domain type \"{}\" is invalid; use auto, kvm or qemu", arguments.domainType));
    }

    core::HostSpec spec;
    spec.uri = arguments.uri;
    spec.labels.zone = arguments.zone;
    spec.labels.pool = arguments.pool;
    spec.labels.instanceType = arguments.instanceType;
    spec.domainType = *domainType;
    auto added = m_fleet.addHost(spec, m_persistence);
    if (!added)
        return tl::unexpected(added.error());
    const core::HostStatus host = *added;
    return CommandOutput{toJson(host), [host](std::ostream& out) { printHosts(out, {host}); }};
}

core::Result<CommandOutput> CtlCommands::listHosts()
{
    std::vector<core::HostStatus> hosts = m_fleet.hosts();
    nlohmann::json json = nlohmann::json::array();
    for (const core::HostStatus& host : hosts)
        json.push_back(toJson(host));
    return CommandOutput{json, [hosts](std::ostream& out) { printHosts(out, hosts); }};
}

core::Result<CommandOutput> CtlCommands::removeHost(const std::string& uri)
{
    if (auto removed = m_fleet.removeHost(uri); !removed)
        return tl::unexpected(removed.error());
    return CommandOutput{{{"removed", uri}},
                         [uri](std::ostream& out) { out << fmt::format("Removed host \"{}\"\n", uri); }};
}

core::Result<CommandOutput> CtlCommands::listTemplates()
{
    std::vector<core::Template> templates = m_fleet.templates();
    nlohmann::json json = nlohmann::json::array();
    for (const core::Template& sandboxTemplate : templates)
        json.push_back(toJson(sandboxTemplate));
    return CommandOutput{json, [templates](std::ostream& out) { printTemplates(out, templates); }};
}

core::Status CtlCommands::registerHostIfUnknown(const std::string& uri)
{
    const std::vector<core::HostStatus> hosts = m_fleet.hosts();
    const bool known = std::any_of(hosts.begin(), hosts.end(),
                                   [&uri](const core::HostStatus& host) { return host.spec.uri == uri; });
    if (known)
        return {};

    core::HostSpec spec;
    spec.uri = uri;
    spec.labels.zone = "default";
    spec.labels.pool = "default";
    auto added = m_fleet.addHost(spec, m_persistence);
    if (!added)
        return tl::unexpected(added.error());
    return {};
}

core::Result<CommandOutput> CtlCommands::createSandboxes(const SandboxCreateArguments& arguments)
{
    if (arguments.count < 1)
        return core::fail(core::ErrorCode::InvalidArgument, fmt::format("Count {} is invalid; give 1 or more", arguments.count));
    if (arguments.timeoutSeconds < 1)
        return core::fail(core::ErrorCode::InvalidArgument, fmt::format("Timeout {} s is invalid; give 1 or more", arguments.timeoutSeconds));
    if (arguments.queueTimeoutSeconds < 1) {
        return core::fail(core::ErrorCode::InvalidArgument,
                          fmt::format("Queue timeout {} s is invalid; give 1 or more", arguments.queueTimeoutSeconds));
    }

    // Check the template first, so a typo does not register a host as a side effect.
    if (auto found = m_fleet.findTemplate(arguments.templateName); !found)
        return tl::unexpected(found.error());
    if (!arguments.hostUri.empty()) {
        if (auto registered = registerHostIfUnknown(arguments.hostUri); !registered)
            return tl::unexpected(registered.error());
    }

    core::CreateRequest request;
    request.templateName = arguments.templateName;
    request.hostUri = arguments.hostUri;
    request.displayName = arguments.name;
    request.count = arguments.count;
    request.waitReady = arguments.waitReady;
    request.readyTimeout = std::chrono::seconds(arguments.timeoutSeconds);
    request.queueTimeout = std::chrono::seconds(arguments.queueTimeoutSeconds);
    if (arguments.startMode != "auto") {
        const auto mode = core::startModeFromString(arguments.startMode);
        if (!mode) {
            return core::fail(core::ErrorCode::InvalidArgument,
                              fmt::format("Start mode \"{}\" is invalid; use auto, cold, snapshot or pool",
                                          arguments.startMode));
        }
        request.startMode = *mode;
    }
    std::optional<std::string> note;
    if (request.startMode == core::StartMode::PoolPaused && !request.hostUri.empty())
        note = warmPoolFallbackNote(request.templateName, request.hostUri);
    std::vector<core::Error> failures;
    auto created = m_fleet.createSandboxes(request, &failures);
    if (!created)
        return tl::unexpected(created.error());

    std::vector<core::SandboxInfo> sandboxes = *created;
    if (sandboxes.size() == 1 && arguments.count == 1) {
        CommandOutput output = sandboxOutput(sandboxes.front());
        addOperations(output.json, sandboxes.front().metadata.displayName);
        if (note) {
            output.json["note"] = *note;
            output.printText = [print = output.printText, text = *note](std::ostream& out) {
                print(out);
                out << "Note: " << text << "\n";
            };
        }
        return output;
    }
    nlohmann::json json = nlohmann::json::array();
    for (const core::SandboxInfo& sandbox : sandboxes) {
        json.push_back(toJson(sandbox));
        addOperations(json.back(), sandbox.metadata.displayName);
    }
    CommandOutput output{json, [sandboxes](std::ostream& out) { printSandboxes(out, sandboxes); }};
    if (!failures.empty()) {
        output.warnings.push_back(fmt::format("{} of {} sandboxes were not created; the first reason: {}",
                                              failures.size(), arguments.count, failures.front().detail));
    }
    return output;
}

core::Result<CommandOutput> CtlCommands::listSandboxes()
{
    std::vector<core::SandboxInfo> sandboxes = m_fleet.sandboxes();
    std::sort(sandboxes.begin(), sandboxes.end(), [](const auto& left, const auto& right) {
        return left.metadata.displayName < right.metadata.displayName;
    });
    nlohmann::json json = nlohmann::json::array();
    for (const core::SandboxInfo& sandbox : sandboxes)
        json.push_back(toJson(sandbox));
    return CommandOutput{json, [sandboxes](std::ostream& out) { printSandboxes(out, sandboxes); }};
}

core::Result<CommandOutput> CtlCommands::describeSandbox(const std::string& name)
{
    auto sandbox = m_fleet.findSandbox(name);
    if (!sandbox)
        return tl::unexpected(sandbox.error());
    CommandOutput output = sandboxOutput(*sandbox);
    addOperations(output.json, sandbox->metadata.displayName);
    return output;
}

void CtlCommands::addOperations(nlohmann::json& sandbox, const std::string& target) const
{
    if (!m_operations)
        return;
    if (nlohmann::json operations = m_operations->finishedOn(target); !operations.empty())
        sandbox["operations"] = std::move(operations);
}

core::Result<CommandOutput> CtlCommands::startSandbox(const std::string& name)
{
    if (auto started = m_fleet.startSandbox(name); !started)
        return tl::unexpected(started.error());
    return describeSandbox(name);
}

core::Result<CommandOutput> CtlCommands::stopSandbox(const std::string& name, core::StopMode mode)
{
    if (auto stopped = m_fleet.stopSandbox(name, mode); !stopped)
        return tl::unexpected(stopped.error());
    return describeSandbox(name);
}

core::Result<CommandOutput> CtlCommands::destroySandbox(const std::string& name)
{
    // Look the sandbox up first, so the output can name what was destroyed.
    auto sandbox = m_fleet.findSandbox(name);
    if (!sandbox)
        return tl::unexpected(sandbox.error());
    if (auto destroyed = m_fleet.destroySandbox(sandbox->domainName); !destroyed)
        return tl::unexpected(destroyed.error());

    nlohmann::json json = {{"destroyed", toJson(*sandbox)}};
    const std::string displayName = sandbox->metadata.displayName;
    const std::string hostUri = sandbox->hostUri;
    return CommandOutput{json, [displayName, hostUri](std::ostream& out) {
                             out << fmt::format("Destroyed sandbox \"{}\" on host \"{}\"\n", displayName, hostUri);
                         }};
}

core::Result<CommandOutput> CtlCommands::readConsole(const std::string& name)
{
    auto text = m_fleet.readConsole(name, kConsoleBytes);
    if (!text)
        return tl::unexpected(text.error());
    nlohmann::json json = {{"name", name}, {"console", *text}};
    return CommandOutput{json, [content = *text](std::ostream& out) { out << content; }};
}

core::Result<CommandOutput> CtlCommands::sleepSandbox(const std::string& name)
{
    if (auto slept = m_fleet.sleepSandbox(name); !slept)
        return tl::unexpected(slept.error());
    return describeSandbox(name);
}

core::Result<CommandOutput> CtlCommands::wakeSandbox(const std::string& name, bool freshBoot)
{
    const core::WakeMode mode = freshBoot ? core::WakeMode::FreshBoot : core::WakeMode::Restore;
    if (auto woken = m_fleet.wakeSandbox(name, mode); !woken)
        return tl::unexpected(woken.error());
    return describeSandbox(name);
}

core::Result<CommandOutput> CtlCommands::cloneSandbox(const std::string& name, int count, const std::string& prefix)
{
    auto source = m_fleet.findSandbox(name);
    if (!source)
        return tl::unexpected(source.error());
    auto clones = m_fleet.cloneSandbox(name, count, prefix);
    if (!clones)
        return tl::unexpected(clones.error());
    std::vector<core::SandboxInfo> sandboxes = *clones;
    nlohmann::json json = nlohmann::json::array();
    // The clone operation runs on the source, so each clone shows the phases of that one.
    for (const core::SandboxInfo& sandbox : sandboxes) {
        json.push_back(toJson(sandbox));
        addOperations(json.back(), source->metadata.displayName);
    }
    return CommandOutput{json, [sandboxes](std::ostream& out) { printSandboxes(out, sandboxes); }};
}

}  // namespace shoal::app
