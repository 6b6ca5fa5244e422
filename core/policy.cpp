#include "core/policy.h"

#include <charconv>
#include <initializer_list>
#include <set>

#include <yaml-cpp/yaml.h>

namespace shoal::core {

namespace {

// A validation problem at a place in the text. Thrown only inside this file and caught in
// parsePolicy, which turns it into an Error.
struct PolicyProblem {
    YAML::Mark mark;
    std::string reason;
};

[[noreturn]] void reject(const YAML::Node &node, std::string reason)
{
    throw PolicyProblem{node.Mark(), std::move(reason)};
}

std::string joinKeys(std::initializer_list<std::string_view> keys)
{
    std::string joined;
    for (std::string_view key : keys) {
        if (!joined.empty())
            joined += ", ";
        joined += key;
    }
    return joined;
}

void requireMap(const YAML::Node &node, std::string_view key)
{
    if (!node.IsMap())
        reject(node, "\"" + std::string(key) + "\" must be a mapping");
}

void checkKeys(const YAML::Node &map, std::string_view context,
               std::initializer_list<std::string_view> allowed)
{
    std::set<std::string> seen;
    for (auto it = map.begin(); it != map.end(); ++it) {
        const std::string key = it->first.Scalar();
        if (!seen.insert(key).second)
            reject(it->first, "duplicate key \"" + key + "\" in " + std::string(context));
        bool known = false;
        for (std::string_view candidate : allowed)
            known = known || key == candidate;
        if (!known) {
            reject(it->first, "unknown key \"" + key + "\" in " + std::string(context)
                                  + ", expected one of " + joinKeys(allowed));
        }
    }
}

std::string readString(const YAML::Node &node, std::string_view key)
{
    if (!node.IsScalar() || node.Scalar().empty())
        reject(node, "\"" + std::string(key) + "\" must be a non-empty string");
    return node.Scalar();
}

std::int64_t readInteger(const YAML::Node &node, std::string_view key)
{
    std::int64_t value = 0;
    const std::string text = node.IsScalar() ? node.Scalar() : std::string();
    const auto [end, status] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (!node.IsScalar() || text.empty() || status != std::errc() || end != text.data() + text.size())
        reject(node, "\"" + std::string(key) + "\" must be a whole number");
    return value;
}

std::int64_t readCount(const YAML::Node &node, std::string_view key)
{
    const std::int64_t value = readInteger(node, key);
    if (value < 0)
        reject(node, "\"" + std::string(key) + "\" must not be negative, got " + node.Scalar());
    return value;
}

double readPositiveNumber(const YAML::Node &node, std::string_view key)
{
    double value = 0.0;
    const std::string text = node.IsScalar() ? node.Scalar() : std::string();
    const auto [end, status] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (!node.IsScalar() || text.empty() || status != std::errc() || end != text.data() + text.size())
        reject(node, "\"" + std::string(key) + "\" must be a number");
    if (!(value > 0.0))
        reject(node, "\"" + std::string(key) + "\" must be greater than 0, got " + text);
    return value;
}

bool readBool(const YAML::Node &node, std::string_view key)
{
    const std::string text = node.IsScalar() ? node.Scalar() : std::string();
    if (text == "true")
        return true;
    if (text == "false")
        return false;
    reject(node, "\"" + std::string(key) + "\" must be true or false");
}

HostSelector parseSelector(const YAML::Node &node)
{
    requireMap(node, "hosts");
    checkKeys(node, "a host selector", {"zone", "pool", "instanceType"});
    HostSelector selector;
    if (node["zone"])
        selector.zone = readString(node["zone"], "zone");
    if (node["pool"])
        selector.pool = readString(node["pool"], "pool");
    if (node["instanceType"])
        selector.instanceType = readString(node["instanceType"], "instanceType");
    return selector;
}

OverflowCondition parseCondition(const YAML::Node &node)
{
    requireMap(node, "when");
    checkKeys(node, "\"when\"", {"pendingAbove", "oldestWaitAbove"});
    OverflowCondition condition;
    if (node["pendingAbove"])
        condition.pendingAbove = readCount(node["pendingAbove"], "pendingAbove");
    if (const YAML::Node wait = node["oldestWaitAbove"]) {
        condition.oldestWaitAbove = wait.IsScalar() ? parseDuration(wait.Scalar()) : std::nullopt;
        if (!condition.oldestWaitAbove) {
            reject(wait, "\"oldestWaitAbove\" must be a duration such as 500ms, 30s, 2m or 1h, got \""
                             + (wait.IsScalar() ? wait.Scalar() : std::string()) + "\"");
        }
    }
    if (!condition.pendingAbove && !condition.oldestWaitAbove)
        reject(node, "\"when\" needs pendingAbove or oldestWaitAbove");
    return condition;
}

PlacementUnit parseUnit(const YAML::Node &node)
{
    requireMap(node, "units[]");
    checkKeys(node, "a unit", {"name", "hosts", "max", "when"});
    if (!node["name"])
        reject(node, "a unit needs a \"name\"");
    PlacementUnit unit;
    unit.name = readString(node["name"], "name");
    if (node["hosts"])
        unit.hosts = parseSelector(node["hosts"]);
    if (node["max"])
        unit.max = readCount(node["max"], "max");
    if (node["when"])
        unit.when = parseCondition(node["when"]);
    return unit;
}

std::vector<PlacementUnit> parseUnits(const YAML::Node &node)
{
    if (!node.IsSequence())
        reject(node, "\"units\" must be a list");
    if (node.size() == 0)
        reject(node, "\"units\" must list at least one unit");
    std::vector<PlacementUnit> units;
    std::set<std::string> names;
    for (const YAML::Node &item : node) {
        PlacementUnit unit = parseUnit(item);
        if (!names.insert(unit.name).second)
            reject(item["name"], "duplicate unit name \"" + unit.name + "\"");
        units.push_back(std::move(unit));
    }
    return units;
}

SpreadRule parseSpread(const YAML::Node &node)
{
    requireMap(node, "spread");
    checkKeys(node, "\"spread\"", {"by", "maxSkew", "whenUnsatisfiable"});
    if (node["by"] && node["by"].Scalar() != "zone")
        reject(node["by"], "\"by\" must be zone, got \"" + node["by"].Scalar() + "\"");
    SpreadRule spread;
    if (const YAML::Node skew = node["maxSkew"]) {
        const std::int64_t value = readInteger(skew, "maxSkew");
        if (value < 1 || value > 1'000'000)
            reject(skew, "\"maxSkew\" must be between 1 and 1000000, got " + skew.Scalar());
        spread.maxSkew = static_cast<int>(value);
    }
    if (const YAML::Node mode = node["whenUnsatisfiable"]) {
        const std::string text = mode.IsScalar() ? mode.Scalar() : std::string();
        if (text == "do-not-schedule")
            spread.whenUnsatisfiable = WhenUnsatisfiable::DoNotSchedule;
        else if (text == "schedule-anyway")
            spread.whenUnsatisfiable = WhenUnsatisfiable::ScheduleAnyway;
        else
            reject(mode, "unknown whenUnsatisfiable \"" + text
                             + "\", expected do-not-schedule or schedule-anyway");
    }
    return spread;
}

ScoreStrategy parseScore(const YAML::Node &node)
{
    const std::string text = node.IsScalar() ? node.Scalar() : std::string();
    if (text == "least-allocated")
        return ScoreStrategy::LeastAllocated;
    if (text == "most-allocated")
        return ScoreStrategy::MostAllocated;
    reject(node, "unknown score \"" + text + "\", expected least-allocated or most-allocated");
}

Overcommit parseOvercommit(const YAML::Node &node)
{
    requireMap(node, "overcommit");
    checkKeys(node, "\"overcommit\"", {"cpu", "memory"});
    Overcommit overcommit;
    if (node["cpu"])
        overcommit.cpu = readPositiveNumber(node["cpu"], "cpu");
    if (node["memory"])
        overcommit.memory = readPositiveNumber(node["memory"], "memory");
    return overcommit;
}

Policy parseDocument(const YAML::Node &root)
{
    if (!root.IsMap())
        reject(root, "a policy must be a mapping with at least \"units\"");
    checkKeys(root, "the policy", {"units", "spread", "score", "overcommit", "burstHeadroom"});
    if (!root["units"])
        reject(root, "the policy needs \"units\"");
    Policy policy;
    policy.units = parseUnits(root["units"]);
    if (root["spread"])
        policy.spread = parseSpread(root["spread"]);
    if (root["score"])
        policy.score = parseScore(root["score"]);
    if (root["overcommit"])
        policy.overcommit = parseOvercommit(root["overcommit"]);
    if (root["burstHeadroom"])
        policy.burstHeadroom = readBool(root["burstHeadroom"], "burstHeadroom");
    return policy;
}

// yaml-cpp marks are 0-based and -1 for nodes built without text (e.g. an empty document).
Error policyError(const YAML::Mark &mark, const std::string &reason)
{
    const int line = mark.line < 0 ? 1 : mark.line + 1;
    const int column = mark.column < 0 ? 1 : mark.column + 1;
    Error error;
    error.code = ErrorCode::InvalidArgument;
    error.detail = "Invalid placement policy at line " + std::to_string(line) + ", column "
                   + std::to_string(column) + ": " + reason;
    return error;
}

}  // namespace

bool HostSelector::matches(const HostLabels &labels) const
{
    return (!zone || *zone == labels.zone) && (!pool || *pool == labels.pool)
           && (!instanceType || *instanceType == labels.instanceType);
}

std::optional<std::chrono::milliseconds> parseDuration(std::string_view text)
{
    std::int64_t amount = 0;
    const auto [end, status] = std::from_chars(text.data(), text.data() + text.size(), amount);
    if (status != std::errc() || end == text.data() || amount < 0)
        return std::nullopt;
    const std::string_view unit(end, static_cast<std::size_t>(text.data() + text.size() - end));
    std::int64_t factor = 0;
    if (unit == "ms")
        factor = 1;
    else if (unit == "s")
        factor = 1000;
    else if (unit == "m")
        factor = 60'000;
    else if (unit == "h")
        factor = 3'600'000;
    if (factor == 0 || amount > INT64_MAX / factor)
        return std::nullopt;
    return std::chrono::milliseconds(amount * factor);
}

Result<Policy> parsePolicy(std::string_view text)
{
    try {
        return parseDocument(YAML::Load(std::string(text)));
    } catch (const PolicyProblem &problem) {
        return tl::unexpected(policyError(problem.mark, problem.reason));
    } catch (const YAML::Exception &exception) {
        return tl::unexpected(policyError(exception.mark, "YAML syntax error (" + exception.msg + ")"));
    } catch (const std::exception &exception) {
        return tl::unexpected(policyError(YAML::Mark::null_mark(), exception.what()));
    }
}

}  // namespace shoal::core
