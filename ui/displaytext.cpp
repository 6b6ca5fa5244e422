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

}  // namespace shoal::ui
