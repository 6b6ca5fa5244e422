// shoalctl: the command-line tool. Every subcommand opens the fleet (the stored hosts, or the
// simulated fleet with --simulated), runs one blocking fleet call and prints its result as a table
// or, with --json, as one JSON document. Any failure exits with status 1 and one message on stderr.

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include <CLI/CLI.hpp>

#include "app/composition.h"
#include "app/ctlbench.h"
#include "app/ctlcommands.h"
#include "app/ctloutput.h"
#include "core/log.h"
#include "core/policy.h"

namespace {

using namespace shoal;

struct GlobalOptions {
    bool json = false;
    bool simulated = false;
    std::string databasePath;
};

// The global options and the exit status, shared by main and the subcommand callbacks.
struct CliState {
    GlobalOptions options;
    int exitCode = 0;
};

using Command = std::function<core::Result<app::CommandOutput>(app::CtlCommands&)>;

void printJson(const nlohmann::json& json)
{
    // Console logs may hold bytes that are not UTF-8; replace them rather than fail.
    std::cout << json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

int reportFailure(const GlobalOptions& options, const core::Error& error)
{
    std::cerr << "shoalctl: " << error.detail << '\n';
    if (options.json)
        printJson(app::toJson(error));
    return 1;
}

core::Result<std::unique_ptr<app::Composition>> openFleet(const GlobalOptions& options)
{
    auto domainType = app::domainTypeFromEnvironment();
    if (!domainType)
        return tl::unexpected(domainType.error());

    const std::string database = options.simulated ? ":memory:" : app::resolveDatabasePath(options.databasePath);
    // Refills would be cut off when shoalctl exits, so only `pool set` makes entries, and waits.
    auto composition = app::Composition::build({database, app::resolveGuestDirectory(), *domainType, false});
    if (!composition)
        return composition;
    if (auto loaded = (*composition)->fleet().load(); !loaded)
        return tl::unexpected(loaded.error());

    if (options.simulated) {
        auto specs = (*composition)->createSimulatedFleet({});
        if (!specs)
            return tl::unexpected(specs.error());
        for (const core::HostSpec& spec : *specs) {
            if (auto added = (*composition)->fleet().addHost(spec, core::Fleet::Persistence::InMemory); !added)
                return tl::unexpected(added.error());
        }
        if (auto applied = (*composition)->applySimulatedFleetPolicy(); !applied)
            return tl::unexpected(applied.error());
    }
    return composition;
}

int run(const GlobalOptions& options, const Command& command, bool needsHosts)
{
    // Declared before the fleet, so it outlives every call the fleet makes to it.
    app::OperationRecorder recorder;
    auto composition = openFleet(options);
    if (!composition)
        return reportFailure(options, composition.error());

    const auto persistence = options.simulated ? core::Fleet::Persistence::InMemory : core::Fleet::Persistence::Persist;
    (*composition)->fleet().setListener(&recorder);
    app::CtlCommands commands((*composition)->fleet(), persistence);
    commands.setOperationRecorder(&recorder);
    if (needsHosts) {
        for (const std::string& warning : commands.connectHosts())
            std::cerr << "shoalctl: warning: " << warning << '\n';
    }

    auto output = command(commands);
    if (!output)
        return reportFailure(options, output.error());
    if (options.json)
        printJson(output->json);
    else
        output->printText(std::cout);
    for (const std::string& warning : output->warnings)
        std::cerr << "shoalctl: " << warning << '\n';
    return output->warnings.empty() ? 0 : 1;
}

// Checks a placement policy file without opening the fleet, so it needs no host or database.
int validatePolicyFile(const GlobalOptions& options, const std::string& path)
{
    std::ifstream file(path);
    if (!file) {
        return reportFailure(options, core::Error{core::ErrorCode::NotFound,
                                                  "Failed to read policy file \"" + path + "\": it does not exist or is unreadable",
                                                  0, {}});
    }
    std::stringstream text;
    text << file.rdbuf();

    core::Result<core::Policy> policy = core::parsePolicy(text.str());
    if (!policy) {
        core::Error error = policy.error();
        error.detail = path + ": " + error.detail;
        return reportFailure(options, error);
    }

    nlohmann::json units = nlohmann::json::array();
    std::string unitList;
    for (const core::PlacementUnit& unit : policy->units) {
        units.push_back(unit.name);
        unitList += (unitList.empty() ? "" : ", ") + unit.name;
    }
    if (options.json)
        printJson({{"file", path}, {"valid", true}, {"units", units}});
    else
        std::cout << "Policy \"" << path << "\" is valid: " << policy->units.size() << " units (" << unitList << ")\n";
    return 0;
}

void addPolicyCommands(CLI::App& parent, CliState* state)
{
    CLI::App* policy = parent.add_subcommand("policy", "Check, apply and show placement policies")->require_subcommand(1);
    auto path = std::make_shared<std::string>();
    CLI::App* validate = policy->add_subcommand(
        "validate", "Check a placement policy file; exits non-zero with the line and column of the first error");
    validate->add_option("file", *path, "Policy file in YAML")->required();
    validate->callback([state, path] { state->exitCode = validatePolicyFile(state->options, *path); });

    CLI::App* apply = policy->add_subcommand(
        "apply", "Check a placement policy file and put it in force; a policy with an error changes nothing");
    apply->add_option("file", *path, "Policy file in YAML")->required();
    apply->callback([state, path] {
        state->exitCode = run(state->options, [path](app::CtlCommands& commands) { return commands.applyPolicy(*path); }, false);
    });
    policy->add_subcommand("show", "Print the placement policy in force")->callback([state] {
        state->exitCode = run(state->options, [](app::CtlCommands& commands) { return commands.showPolicy(); }, false);
    });
}

void addPlacementCommands(CLI::App& parent, CliState* state)
{
    struct WhatIfArguments {
        bool whatIf = false;
        std::string templateName;
        int count = 1;
    };
    auto arguments = std::make_shared<WhatIfArguments>();
    CLI::App* place = parent.add_subcommand(
        "place", "Show where sandboxes would land under the policy in force, without creating anything");
    place->add_flag("--what-if", arguments->whatIf, "Compute the placement only; required")->required();
    place->add_option("--template", arguments->templateName, "Template name, e.g. tiny")->required();
    place->add_option("--count", arguments->count, "Number of sandboxes, 1 to 1000000")->check(CLI::Range(1, 1000000));
    place->callback([state, arguments] {
        state->exitCode = run(state->options, [arguments](app::CtlCommands& commands) {
            return commands.whatIf(arguments->templateName, arguments->count);
        }, true);
    });

    parent.add_subcommand("queue", "Show the pending queue and the policy units")->callback([state] {
        state->exitCode = run(state->options, [](app::CtlCommands& commands) { return commands.queueStatus(); }, true);
    });
}

void addHostCommands(CLI::App& parent, CliState* state)
{
    CLI::App* host = parent.add_subcommand("host", "Add, list and remove libvirt hosts")->require_subcommand(1);

    auto addArguments = std::make_shared<app::HostAddArguments>();
    CLI::App* add = host->add_subcommand("add", "Connect a libvirt host and store it");
    add->add_option("uri", addArguments->uri, "libvirt URI, e.g. qemu:///system")->required();
    add->add_option("--zone", addArguments->zone, "Availability zone label")->required();
    add->add_option("--pool", addArguments->pool, "Pool label, e.g. baseline or serverless")->required();
    add->add_option("--instance-type", addArguments->instanceType, "Instance type label, e.g. m.large");
    add->add_option("--domain-type", addArguments->domainType, "Domain type for sandboxes on this host")
        ->check(CLI::IsMember({"auto", "kvm", "qemu"}));
    add->callback([state, addArguments] {
        state->exitCode = run(state->options, [addArguments](app::CtlCommands& commands) { return commands.addHost(*addArguments); }, false);
    });

    host->add_subcommand("list", "List hosts with their labels, connection and capacity")->callback([state] {
        state->exitCode = run(state->options, [](app::CtlCommands& commands) { return commands.listHosts(); }, true);
    });

    auto removeUri = std::make_shared<std::string>();
    CLI::App* remove = host->add_subcommand("remove", "Disconnect a host and forget it; its sandboxes keep running");
    remove->add_option("uri", *removeUri, "libvirt URI of the host")->required();
    remove->callback([state, removeUri] {
        state->exitCode = run(state->options, [removeUri](app::CtlCommands& commands) { return commands.removeHost(*removeUri); }, false);
    });
}

void addSandboxCommands(CLI::App& parent, CliState* state)
{
    CLI::App* sandbox = parent.add_subcommand("sandbox", "Create, list and control sandboxes")->require_subcommand(1);

    auto createArguments = std::make_shared<app::SandboxCreateArguments>();
    CLI::App* create = sandbox->add_subcommand(
        "create", "Create sandboxes from a template; prints one sandbox, or a list when --count is above 1");
    create->add_option("--template", createArguments->templateName, "Template name, e.g. tiny")->required();
    create->add_option("--host", createArguments->hostUri,
                       "libvirt URI of the host; an unknown one is added with zone and pool \"default\"");
    CLI::Option* nameOption = create->add_option("--name", createArguments->name,
                                           "Display name; with --count above 1, NAME-1, NAME-2, ...");
    create->add_option("--count", createArguments->count, "Number of sandboxes, 1 to 100000")
        ->check(CLI::Range(1, 100000));
    create->add_flag("--wait-ready", createArguments->waitReady, "Wait until each guest reports ready");
    create->add_option("--timeout", createArguments->timeoutSeconds, "Seconds to wait for ready, 1 to 86400 (default 90)")
        ->check(CLI::Range(1, 86400));
    create->add_option("--start", createArguments->startMode,
                       "How the guest starts: auto (default; the fastest the host can: a ready warm-pool entry, else "
                       "the warm state, else a cold boot), cold, snapshot or pool (a warm-pool entry, else the warm state)")
        ->check(CLI::IsMember({"auto", "cold", "snapshot", "pool"}));
    create->add_option("--queue-timeout", createArguments->queueTimeoutSeconds,
                       "Without --host: seconds a sandbox may wait in the queue to be placed, 1 to 86400 (default 60); "
                       "the ones still waiting then are cancelled")
        ->check(CLI::Range(1, 86400));
    create->callback([state, createArguments, nameOption] {
        // An empty --name means a mistake in a script, not "generate one": the name rule rejects it.
        if (nameOption->count() > 0 && createArguments->name.empty())
            throw CLI::ValidationError("--name", "Display name is empty; give a name or leave out --name");
        state->exitCode = run(state->options, [createArguments](app::CtlCommands& commands) { return commands.createSandboxes(*createArguments); }, true);
    });

    sandbox->add_subcommand("list", "List sandboxes on every host")->callback([state] {
        state->exitCode = run(state->options, [](app::CtlCommands& commands) { return commands.listSandboxes(); }, true);
    });

    auto name = std::make_shared<std::string>();
    auto force = std::make_shared<bool>(false);
    const auto addNamed = [sandbox, state, name, force](const char* verb, const char* description, auto action) {
        CLI::App* command = sandbox->add_subcommand(verb, description);
        command->add_option("name", *name, "Display name, sandbox id or domain name")->required();
        if (std::string(verb) == "stop")
            command->add_flag("--force", *force, "Power off without waiting for the guest");
        command->callback([state, name, force, action] {
            state->exitCode = run(state->options, [name, force, action](app::CtlCommands& commands) { return action(commands, *name, *force); }, true);
        });
    };
    addNamed("start", "Start a stopped sandbox",
             [](app::CtlCommands& commands, const std::string& target, bool) { return commands.startSandbox(target); });
    addNamed("stop", "Stop a sandbox; its disk is kept",
             [](app::CtlCommands& commands, const std::string& target, bool forced) {
                 return commands.stopSandbox(target, forced ? core::StopMode::Force : core::StopMode::Graceful);
             });
    auto subtree = std::make_shared<bool>(false);
    CLI::App* destroy = sandbox->add_subcommand("destroy", "Destroy a sandbox with its disk and console log");
    destroy->add_option("name", *name, "Display name, sandbox id or domain name")->required();
    destroy->add_flag("--subtree", *subtree, "Also destroy every sandbox cloned from it, the deepest first");
    destroy->callback([state, name, subtree] {
        state->exitCode = run(state->options, [name, subtree](app::CtlCommands& commands) {
            return *subtree ? commands.destroySubtree(*name) : commands.destroySandbox(*name);
        }, true);
    });
    auto treeRoot = std::make_shared<std::string>();
    CLI::App* tree = sandbox->add_subcommand("tree", "Print the clone lineage: every sandbox, or the subtree of NAME");
    tree->add_option("name", *treeRoot, "Display name, sandbox id or domain name of the subtree's root");
    tree->callback([state, treeRoot] {
        state->exitCode = run(state->options, [treeRoot](app::CtlCommands& commands) { return commands.sandboxTree(*treeRoot); }, true);
    });
    addNamed("console", "Print the tail of a sandbox's serial console",
             [](app::CtlCommands& commands, const std::string& target, bool) { return commands.readConsole(target); });
    struct ScaleInArguments {
        std::string templateName;
        int count = 1;
    };
    auto scaleInArguments = std::make_shared<ScaleInArguments>();
    CLI::App* scaleIn = sandbox->add_subcommand(
        "scale-in", "Destroy sandboxes in reverse placement order: pending first, then overflow units, newest first");
    scaleIn->add_option("--count", scaleInArguments->count, "Number of sandboxes to remove, 1 to 100000")
        ->required()
        ->check(CLI::Range(1, 100000));
    scaleIn->add_option("--template", scaleInArguments->templateName, "Only sandboxes of this template");
    scaleIn->callback([state, scaleInArguments] {
        state->exitCode = run(state->options, [scaleInArguments](app::CtlCommands& commands) {
            return commands.scaleIn(scaleInArguments->templateName, scaleInArguments->count);
        }, true);
    });

    addNamed("sleep", "Save a running sandbox's memory to its host and stop it; wake brings it back where it was",
             [](app::CtlCommands& commands, const std::string& target, bool) { return commands.sleepSandbox(target); });
    auto freshBoot = std::make_shared<bool>(false);
    CLI::App* wake = sandbox->add_subcommand("wake", "Restore an asleep sandbox where it was");
    wake->add_option("name", *name, "Display name, sandbox id or domain name")->required();
    wake->add_flag("--fresh-boot", *freshBoot, "Discard the saved state and boot from the disk instead");
    wake->callback([state, name, freshBoot] {
        state->exitCode = run(state->options, [name, freshBoot](app::CtlCommands& commands) {
            return commands.wakeSandbox(*name, *freshBoot);
        }, true);
    });
    struct CloneArguments {
        int count = 1;
        std::string prefix;
    };
    auto cloneArguments = std::make_shared<CloneArguments>();
    CLI::App* clone = sandbox->add_subcommand(
        "clone", "Fork a running sandbox: each clone continues from the same instant with its own disk and console");
    clone->add_option("name", *name, "Display name, sandbox id or domain name")->required();
    clone->add_option("--count", cloneArguments->count, "Number of clones, 1 to 64")->check(CLI::Range(1, 64));
    clone->add_option("--prefix", cloneArguments->prefix, "Clone names: PREFIX, or PREFIX-1, PREFIX-2, ...");
    clone->callback([state, name, cloneArguments] {
        state->exitCode = run(state->options, [name, cloneArguments](app::CtlCommands& commands) {
            return commands.cloneSandbox(*name, cloneArguments->count, cloneArguments->prefix);
        }, true);
    });

    addNamed("explain", "Say why a sandbox is on its host, or why it still waits",
             [](app::CtlCommands& commands, const std::string& target, bool) { return commands.explainPlacement(target); });
}

void addPoolCommands(CLI::App& cli, CliState* state)
{
    CLI::App* pool = cli.add_subcommand("pool", "Set and show warm pools: paused sandboxes that start with a resume")
                         ->require_subcommand(1);

    auto arguments = std::make_shared<app::WarmPoolSetArguments>();
    CLI::App* set = pool->add_subcommand(
        "set", "Set how many paused entries of a template a host keeps, and wait until it has them; 0 removes them");
    set->add_option("template", arguments->templateName, "Template name, e.g. tiny")->required();
    set->add_option("--host", arguments->hostUri,
                    "libvirt URI of the host; an unknown one is added with zone and pool \"default\"")
        ->required();
    set->add_option("--size", arguments->size, "Number of paused entries, 0 to 64")->required()->check(CLI::Range(0, 64));
    set->add_option("--wait", arguments->waitSeconds,
                    "Seconds to wait for the pool to fill, 0 to 86400 (default 300); entries still missing then "
                    "are made by the next console or `pool set`")
        ->check(CLI::Range(0, 86400));
    set->callback([state, arguments] {
        state->exitCode = run(state->options, [arguments](app::CtlCommands& commands) {
            return commands.setWarmPool(*arguments);
        }, true);
    });

    pool->add_subcommand("status", "List warm pools: target size, ready entries, refill state and last error")
        ->callback([state] {
            state->exitCode = run(state->options, [](app::CtlCommands& commands) { return commands.warmPoolStatus(); },
                                  true);
        });
}

void addTemplateCommands(CLI::App& cli, CliState* state)
{
    CLI::App* templates = cli.add_subcommand("template", "List, show and change templates")->require_subcommand(1);
    templates->add_subcommand("list", "List the templates sandboxes can be made from")->callback([state] {
        state->exitCode = run(state->options, [](app::CtlCommands& commands) { return commands.listTemplates(); }, false);
    });

    auto name = std::make_shared<std::string>();
    CLI::App* show = templates->add_subcommand("show", "Show a template and its burst plan");
    show->add_option("name", *name, "Template name, e.g. tiny")->required();
    show->callback([state, name] {
        state->exitCode = run(state->options, [name](app::CtlCommands& commands) { return commands.showTemplate(*name); },
                              false);
    });

    auto arguments = std::make_shared<app::TemplateSetArguments>();
    CLI::App* set = templates->add_subcommand(
        "set", "Change a template's burst plan; options left out keep their value; --window 0 turns the burst off");
    set->add_option("name", arguments->name, "Template name, e.g. tiny")->required();
    set->add_option("--baseline-cpu", arguments->baselineCpuPercent,
                    "CPU quota per vCPU outside the burst window, in percent of one host CPU (1 to 100)");
    set->add_option("--burst-factor", arguments->burstFactor, "Multiplier of the baseline CPU quota in the window (1 to 16)");
    set->add_option("--window", arguments->windowSeconds, "Length of the burst window after a start or wake, in seconds");
    set->add_option("--burst-memory", arguments->burstMemoryMiB,
                    "Memory in the window, in MiB; 0 keeps the template's memory. Applies to sandboxes created later");
    set->callback([state, arguments] {
        state->exitCode = run(state->options, [arguments](app::CtlCommands& commands) {
            return commands.setTemplate(*arguments);
        }, false);
    });

    auto promoteSandbox = std::make_shared<std::string>();
    auto promoteName = std::make_shared<std::string>();
    CLI::App* promote = templates->add_subcommand(
        "promote", "Make a new template from the disk of a stopped or asleep sandbox; the sandbox is not changed");
    promote->add_option("sandbox", *promoteSandbox, "Display name, sandbox id or domain name")->required();
    promote->add_option("name", *promoteName, "Name of the new template")->required();
    promote->callback([state, promoteSandbox, promoteName] {
        state->exitCode = run(state->options, [promoteSandbox, promoteName](app::CtlCommands& commands) {
            return commands.promoteTemplate(*promoteSandbox, *promoteName);
        }, true);
    });
}

}  // namespace

int main(int argc, char* argv[])
{
    // Diagnostics go to the log file only, so stderr carries nothing but the message of a failure.
    core::LogOptions logOptions;
    logOptions.levels = std::getenv("SHOAL_LOG") ? std::getenv("SHOAL_LOG") : "";
    logOptions.toStderr = std::getenv("SHOAL_LOG") != nullptr;
    core::setupLogging(logOptions);

    CLI::App cli("shoalctl: manage fleets of libvirt MicroVM sandboxes", "shoalctl");
    cli.set_version_flag("--version", SHOAL_VERSION);
    cli.require_subcommand(1);
    // Subcommands created after this inherit it, so the global options work after them too:
    // "shoalctl sandbox list --json" as well as "shoalctl --json sandbox list".
    cli.fallthrough();
    CliState state;
    GlobalOptions& options = state.options;
    cli.add_flag("--json", options.json, "Print one JSON document on stdout");
    cli.add_option("--db", options.databasePath, "SQLite database (default $SHOAL_DB or ~/.local/share/shoal/shoal.db)");
    cli.add_flag("--simulated", options.simulated, "Use an in-process simulated fleet instead of the stored hosts");

    addHostCommands(cli, &state);
    addPolicyCommands(cli, &state);
    addPlacementCommands(cli, &state);
    addTemplateCommands(cli, &state);
    addPoolCommands(cli, &state);
    addSandboxCommands(cli, &state);
    app::addBenchCommands(cli, &state.options.json, &state.exitCode);

    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        return cli.exit(error);
    }
    return state.exitCode;
}
