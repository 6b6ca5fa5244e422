#pragma once

#include <cstdint>

#include <QCoreApplication>
#include <QString>

#include "core/fleet.h"
#include "core/model.h"

namespace shoal::ui {

// Translated words and formats for values that core returns as codes.
class DisplayText {
    Q_DECLARE_TR_FUNCTIONS(DisplayText)

public:
    static QString sandboxState(core::SandboxState state);
    static QString connectionState(core::ConnectionState state);
    static QString operationKind(const std::string& kind);
    static QString operationState(core::OperationUpdate::State state);

    // Phase names are open-ended in core; an unknown one is shown as it is.
    static QString phase(const std::string& phase);

    // Formats MiB as "512 MiB" or "7.5 GiB".
    static QString memory(std::uint64_t mebibytes);

    // Formats a duration as "42 s", "5 min 03 s", "3 h 07 min" or "2 d 04 h".
    static QString duration(std::int64_t milliseconds);

    // Formats the completed phases as "define 12 ms · start 480 ms".
    static QString phaseTimings(const std::vector<core::PhaseTiming>& phases);

    static QString rejectReason(core::RejectReason reason);

    // One line per unit with the hosts each reason rejected, e.g.
    // "baseline: not enough capacity (12 hosts)".
    static QString refusal(const std::vector<core::UnitRejections>& rejections);

    // Why a sandbox is where it is, or why it still waits, in a few sentences.
    static QString placement(const core::PlacementExplanation& explanation);
};

}  // namespace shoal::ui
