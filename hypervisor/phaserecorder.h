#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/hypervisor.h"
#include "core/log.h"

namespace shoal::hypervisor {

// Times the phases of one lifecycle operation and reports each to the connection's observer
// before and after it runs. Used on the host connection's worker thread.
class PhaseRecorder {
public:
    PhaseRecorder(const core::PhaseObserver& observer, std::string domainName)
        : m_observer(observer), m_domainName(std::move(domainName))
    {
    }

    // Runs `step`, which returns a core::Status or core::Result, as the phase `phase`, and
    // returns what it returned.
    template <typename Step>
    auto run(std::string_view phase, Step&& step) -> decltype(step())
    {
        notify(core::PhaseEvent::Kind::Started, phase, 0.0, {});
        const auto started = std::chrono::steady_clock::now();
        auto result = step();
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        m_durations.emplace_back(std::string(phase), seconds);
        core::logger("hypervisor")->debug("Phase \"{}\" of \"{}\" took {:.3f} s{}", phase, m_domainName, seconds, result ? "" : ", and failed");
        if (result)
            notify(core::PhaseEvent::Kind::Finished, phase, seconds, {});
        else
            notify(core::PhaseEvent::Kind::Failed, phase, seconds, result.error().detail);
        return result;
    }

    // Returns the duration of the last run of `phase` in seconds, or 0 when it did not run.
    double seconds(std::string_view phase) const
    {
        for (auto it = m_durations.rbegin(); it != m_durations.rend(); ++it) {
            if (it->first == phase)
                return it->second;
        }
        return 0.0;
    }

private:
    void notify(core::PhaseEvent::Kind kind, std::string_view phase, double seconds, std::string detail)
    {
        if (!m_observer)
            return;
        core::PhaseEvent event;
        event.kind = kind;
        event.domainName = m_domainName;
        event.phase = std::string(phase);
        event.seconds = seconds;
        event.detail = std::move(detail);
        m_observer(event);
    }

    const core::PhaseObserver& m_observer;
    std::string m_domainName;
    std::vector<std::pair<std::string, double>> m_durations;
};

}  // namespace shoal::hypervisor
