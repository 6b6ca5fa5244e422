#pragma once

#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/model.h"

namespace shoal::app {

nlohmann::json toJson(const core::HostStatus& host);
nlohmann::json toJson(const core::Template& sandboxTemplate);
nlohmann::json toJson(const core::BurstPlan& plan);
nlohmann::json toJson(const core::BurstStatus& burst);
// Returns a one-line summary of a template's burst plan, e.g. "baseline 50 % CPU, 4x for 10 s, 512 MiB".
std::string describeBurstPlan(const core::Template& sandboxTemplate);
nlohmann::json toJson(const core::SandboxInfo& sandbox);
nlohmann::json toJson(const core::Error& error);

// A plain text table: a header row, then rows, columns padded to the widest cell.
class TextTable {
public:
    explicit TextTable(std::vector<std::string> header);

    void addRow(std::vector<std::string> row);
    void print(std::ostream& out) const;

private:
    std::vector<std::vector<std::string>> m_rows;
};

void printHosts(std::ostream& out, const std::vector<core::HostStatus>& hosts);
void printTemplates(std::ostream& out, const std::vector<core::Template>& templates);
void printSandboxes(std::ostream& out, const std::vector<core::SandboxInfo>& sandboxes);

}  // namespace shoal::app
