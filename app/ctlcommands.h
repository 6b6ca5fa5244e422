#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/operationrecorder.h"
#include "core/error.h"
#include "core/fleet.h"

namespace shoal::app {

// The output of one command: a JSON document for --json, and a printer of readable text.
struct CommandOutput {
    CommandOutput(nlohmann::json document, std::function<void(std::ostream&)> printer)
        : json(std::move(document))
        , printText(std::move(printer))
    {
    }

    nlohmann::json json;
    std::function<void(std::ostream&)> printText;
    std::vector<std::string> warnings;   // printed on stderr; any warning makes the exit status 1
};

struct HostAddArguments {
    std::string uri;
    std::string zone;
    std::string pool;
    std::string instanceType;
    std::string domainType = "auto";
};

struct SandboxCreateArguments {
    std::string templateName;
    std::string hostUri;
    std::string name;
    int count = 1;
    bool waitReady = false;
    int timeoutSeconds = 90;
    int queueTimeoutSeconds = 60;    // without --host: how long sandboxes may wait to be placed
    std::string startMode = "auto";  // auto, cold, snapshot or pool
};

// Options of `template set`; unset ones keep the template's current value.
struct TemplateSetArguments {
    std::string name;
    std::optional<double> baselineCpuPercent;
    std::optional<double> burstFactor;
    std::optional<int> windowSeconds;
    std::optional<std::uint64_t> burstMemoryMiB;
};

// Options of `pool set`.
struct WarmPoolSetArguments {
    std::string templateName;
    std::string hostUri;
    int size = 0;
    int waitSeconds = 300;           // how long the command waits for the pool to fill
};

// The shoalctl commands, each a blocking call on the fleet that returns what to print.
class CtlCommands {
public:
    // With Persistence::InMemory (the --simulated mode), hosts that a command adds are not stored.
    CtlCommands(core::Fleet& fleet, core::Fleet::Persistence persistence);

    // Makes sandbox outputs carry the phases of the operations run on them, as "operations".
    void setOperationRecorder(const OperationRecorder* recorder) { m_operations = recorder; }

    // Waits until every host known to the fleet has connected or failed to. Returns one warning
    // per host that could not be reached.
    std::vector<std::string> connectHosts();

    core::Result<CommandOutput> addHost(const HostAddArguments& arguments);
    core::Result<CommandOutput> listHosts();
    core::Result<CommandOutput> removeHost(const std::string& uri);
    core::Result<CommandOutput> listTemplates();
    // Templates (ctltemplate.cpp).
    core::Result<CommandOutput> showTemplate(const std::string& name);
    core::Result<CommandOutput> setTemplate(const TemplateSetArguments& arguments);
    // Warm pools (ctlpool.cpp). setWarmPool stores the size and waits until the pool has it.
    core::Result<CommandOutput> setWarmPool(const WarmPoolSetArguments& arguments);
    core::Result<CommandOutput> warmPoolStatus();
    // Returns the note for a `--start pool` create that finds no ready entry, or nothing.
    std::optional<std::string> warmPoolFallbackNote(const std::string& templateName, const std::string& hostUri) const;
    core::Result<CommandOutput> createSandboxes(const SandboxCreateArguments& arguments);
    core::Result<CommandOutput> listSandboxes();
    core::Result<CommandOutput> startSandbox(const std::string& name);
    core::Result<CommandOutput> stopSandbox(const std::string& name, core::StopMode mode);
    core::Result<CommandOutput> destroySandbox(const std::string& name);
    core::Result<CommandOutput> readConsole(const std::string& name);
    core::Result<CommandOutput> sleepSandbox(const std::string& name);
    core::Result<CommandOutput> wakeSandbox(const std::string& name, bool freshBoot);
    core::Result<CommandOutput> cloneSandbox(const std::string& name, int count, const std::string& prefix);

    // Lineage (ctllineage.cpp). An empty `name` prints the tree of every sandbox.
    core::Result<CommandOutput> sandboxTree(const std::string& name);
    // Destroys the sandbox and its descendants; each sandbox kept becomes a warning.
    core::Result<CommandOutput> destroySubtree(const std::string& name);
    core::Result<CommandOutput> promoteTemplate(const std::string& sandboxName, const std::string& templateName);

    // Placement (ctlplacement.cpp).
    core::Result<CommandOutput> applyPolicy(const std::string& path);
    core::Result<CommandOutput> showPolicy();
    core::Result<CommandOutput> explainPlacement(const std::string& name);
    core::Result<CommandOutput> whatIf(const std::string& templateName, int count);
    core::Result<CommandOutput> queueStatus();
    core::Result<CommandOutput> scaleIn(const std::string& templateName, int count);

private:
    core::Status registerHostIfUnknown(const std::string& uri);
    core::Result<CommandOutput> describeSandbox(const std::string& name);
    // Adds "operations" to one sandbox's JSON: the finished operations on `target`.
    void addOperations(nlohmann::json& sandbox, const std::string& target) const;

    core::Fleet& m_fleet;
    const OperationRecorder* m_operations = nullptr;
    core::Fleet::Persistence m_persistence;
};

}  // namespace shoal::app
