#include "ui/displaytext.h"

#include <QStringList>

namespace shoal::ui {

QString DisplayText::sandboxState(core::SandboxState state)
{
    using core::SandboxState;
    switch (state) {
    case SandboxState::Pending: return tr("pending");
    case SandboxState::Placing: return tr("placing");
    case SandboxState::Creating: return tr("creating");
    case SandboxState::Booting: return tr("booting");
    case SandboxState::Running: return tr("running");
    case SandboxState::Paused: return tr("paused");
    case SandboxState::Stopping: return tr("stopping");
    case SandboxState::Stopped: return tr("stopped");
    case SandboxState::Sleeping: return tr("sleeping");
    case SandboxState::Asleep: return tr("asleep");
    case SandboxState::Waking: return tr("waking");
    case SandboxState::Destroying: return tr("destroying");
    case SandboxState::Failed: return tr("failed");
    case SandboxState::Unknown: return tr("unknown");
    }
    return tr("unknown");
}

QString DisplayText::connectionState(core::ConnectionState state)
{
    switch (state) {
    case core::ConnectionState::Connecting: return tr("connecting");
    case core::ConnectionState::Connected: return tr("connected");
    case core::ConnectionState::Disconnected: return tr("disconnected");
    }
    return tr("disconnected");
}

QString DisplayText::operationKind(const std::string& kind)
{
    if (kind == "create")
        return tr("Create");
    if (kind == "start")
        return tr("Start");
    if (kind == "stop")
        return tr("Stop");
    if (kind == "destroy")
        return tr("Destroy");
    if (kind == "add-host")
        return tr("Add host");
    if (kind == "remove-host")
        return tr("Remove host");
    if (kind == "sleep")
        return tr("Sleep");
    if (kind == "wake")
        return tr("Wake");
    if (kind == "clone")
        return tr("Clone");
    if (kind == "promote")
        return tr("Promote to template");
    return QString::fromStdString(kind);
}

QString DisplayText::operationState(core::OperationUpdate::State state)
{
    switch (state) {
    case core::OperationUpdate::State::Running: return tr("running");
    case core::OperationUpdate::State::Succeeded: return tr("succeeded");
    case core::OperationUpdate::State::Failed: return tr("failed");
    }
    return tr("running");
}

QString DisplayText::phase(const std::string& phase)
{
    if (phase == "prepare-template")
        return tr("prepare template");
    if (phase == "place")
        return tr("place");
    if (phase == "define")
        return tr("define");
    if (phase == "start")
        return tr("start");
    if (phase == "ready")
        return tr("ready");
    if (phase == "connect")
        return tr("connect");
    if (phase == "probe")
        return tr("probe");
    if (phase == "list")
        return tr("list sandboxes");
    if (phase == "stop")
        return tr("stop");
    if (phase == "destroy")
        return tr("destroy");
    if (phase == "pending")
        return tr("pending");
    if (phase == "define-and-start")
        return tr("define and start");
    if (phase == "copy-disk")
        return tr("copy disk");
    return QString::fromStdString(phase);
}

QString DisplayText::memory(std::uint64_t mebibytes)
{
    if (mebibytes < 1024)
        return tr("%1 MiB").arg(mebibytes);
    return tr("%1 GiB").arg(double(mebibytes) / 1024.0, 0, 'f', mebibytes % 1024 == 0 ? 0 : 1);
}

QString DisplayText::duration(std::int64_t milliseconds)
{
    const std::int64_t seconds = milliseconds / 1000;
    if (seconds < 60)
        return tr("%1 s").arg(seconds);
    if (seconds < 3600)
        return tr("%1 min %2 s").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
    if (seconds < 86400)
        return tr("%1 h %2 min").arg(seconds / 3600).arg(seconds % 3600 / 60, 2, 10, QLatin1Char('0'));
    return tr("%1 d %2 h").arg(seconds / 86400).arg(seconds % 86400 / 3600, 2, 10, QLatin1Char('0'));
}

QString DisplayText::phaseTimings(const std::vector<core::PhaseTiming>& phases)
{
    QStringList parts;
    for (const core::PhaseTiming& timing : phases)
        parts << tr("%1 %2 ms").arg(phase(timing.name)).arg(timing.durationMs, 0, 'f', 0);
    return parts.join(QStringLiteral(" · "));
}

QString DisplayText::rejectReason(core::RejectReason reason)
{
    switch (reason) {
    case core::RejectReason::Label: return tr("not selected by the unit");
    case core::RejectReason::OverflowNotEligible: return tr("overflow condition not met");
    case core::RejectReason::MaxReached: return tr("unit max reached");
    case core::RejectReason::Unhealthy: return tr("host disconnected or low on disk");
    case core::RejectReason::CpuIncompatible: return tr("CPU model not supported");
    case core::RejectReason::Capacity: return tr("not enough capacity");
    case core::RejectReason::Spread: return tr("zone spread limit");
    }
    return QString();
}

QString DisplayText::refusal(const std::vector<core::UnitRejections>& rejections)
{
    QStringList lines;
    for (const core::UnitRejections& unit : rejections) {
        QStringList reasons;
        // Hosts outside the unit's selector are not a reason the unit rejected the request.
        for (std::size_t index = 1; index < core::kRejectReasonCount; ++index) {
            if (unit.hosts[index] > 0) {
                reasons.append(tr("%1 (%n host(s))", nullptr, int(unit.hosts[index]))
                                   .arg(rejectReason(static_cast<core::RejectReason>(index))));
            }
        }
        if (reasons.isEmpty())
            reasons.append(tr("no host matches its selector"));
        lines.append(tr("%1: %2").arg(QString::fromStdString(unit.unit), reasons.join(tr(", "))));
    }
    return lines.join(QLatin1Char('\n'));
}

QString DisplayText::placement(const core::PlacementExplanation& explanation)
{
    if (explanation.pending) {
        const QString waiting = tr("Waiting in the queue for %1.").arg(duration(explanation.waitingMs));
        if (explanation.rejections.empty())
            return waiting + QLatin1Char(' ') + tr("Not tried yet.");
        return waiting + QLatin1Char('\n') + refusal(explanation.rejections);
    }
    if (!explanation.cloneOf.empty())
        return tr("Clone of \"%1\", made on its parent's host.").arg(QString::fromStdString(explanation.cloneOf));
    if (!explanation.record)
        return tr("No placement record: made before this database existed, or outside Shoal.");
    const core::PlacementRecord& record = *explanation.record;
    if (record.chosenByUser)
        return tr("Created on this host by request; no policy applied.");
    QString text = tr("Unit \"%1\", score %2.").arg(QString::fromStdString(record.unit)).arg(record.score, 0, 'f', 3);
    if (record.spreadIgnored)
        text += QLatin1Char(' ') + tr("Zone spread could not be kept.");
    if (record.runnerUpHostUri.empty())
        text += QLatin1Char(' ') + tr("No other host of the unit had room.");
    else
        text += QLatin1Char(' ') + tr("Runner-up: %1 (score %2).")
                                       .arg(QString::fromStdString(record.runnerUpHostUri))
                                       .arg(record.runnerUpScore, 0, 'f', 3);
    text += QLatin1Char(' ') + tr("Waited %1; %2 pending at the time.")
                                   .arg(duration(record.waitedMs))
                                   .arg(record.pendingAtDecision);
    return text;
}

}  // namespace shoal::ui
