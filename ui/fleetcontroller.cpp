#include "ui/fleetcontroller.h"

#include <utility>

#include <QMetaObject>
#include <QPointer>
#include <QTimer>

#include "core/log.h"

namespace shoal::ui {

namespace {

// Fleet calls block for as long as a host takes to reply. With this many threads, a few wedged
// hosts do not hold up calls to the others. The fleet itself serializes the calls per host.
constexpr int kMaxPoolThreads = 8;

QString toQString(const std::string& text)
{
    return QString::fromStdString(text);
}

template <typename T>
QList<T> toQList(const std::vector<T>& values)
{
    return QList<T>(values.begin(), values.end());
}

}  // namespace

void registerMetaTypes()
{
    qRegisterMetaType<core::HostStatus>();
    qRegisterMetaType<core::SandboxInfo>();
    qRegisterMetaType<core::Template>();
    qRegisterMetaType<core::OperationUpdate>();
    qRegisterMetaType<QList<core::HostStatus>>();
    qRegisterMetaType<QList<core::SandboxInfo>>();
    qRegisterMetaType<QList<core::Template>>();
    qRegisterMetaType<core::QueueStatus>();
    qRegisterMetaType<core::PolicyInfo>();
    qRegisterMetaType<core::WhatIfReport>();
    qRegisterMetaType<core::PlacementExplanation>();
    qRegisterMetaType<core::StatsSeries>();
}

FleetController::FleetController(core::Fleet& fleet, QObject* parent)
    : QObject(parent)
    , m_fleet(fleet)
{
    registerMetaTypes();
    m_pool.setMaxThreadCount(kMaxPoolThreads);
    m_fleet.setListener(this);
}

FleetController::~FleetController()
{
    shutdown();
}

void FleetController::shutdown()
{
    m_shuttingDown = true;
    m_pool.waitForDone();
}

void FleetController::deliver(std::function<void()> function)
{
    // Queued onto this object's thread, and dropped if the controller is gone by then.
    QMetaObject::invokeMethod(this, std::move(function), Qt::QueuedConnection);
}

void FleetController::runOnPool(std::function<std::function<void()>()> call)
{
    if (m_shuttingDown)
        return;

    ++m_pendingCalls;
    m_pool.start([this, call = std::move(call)] {
        std::function<void()> result = call();
        deliver([this, result = std::move(result)] {
            if (result)
                result();
            if (--m_pendingCalls == 0)
                emit idle();
        });
    });
}

void FleetController::reportFailure(const core::Error& error)
{
    core::logger("ui")->warn("Request failed ({}): {}", core::toString(error.code), error.detail);
    emit requestFailed(toQString(error.detail));
}

void FleetController::loadSnapshot()
{
    runOnPool([this]() -> std::function<void()> {
        auto hosts = toQList(m_fleet.hosts());
        auto sandboxes = toQList(m_fleet.sandboxes());
        auto templates = toQList(m_fleet.templates());
        core::PolicyInfo policy = m_fleet.policy();
        core::QueueStatus queue = m_fleet.queueStatus();
        return [this, hosts, sandboxes, templates, policy, queue] {
            m_templates = templates;
            emit snapshotLoaded(hosts, sandboxes, templates);
            m_policy = policy;
            emit policyUpdated(policy);
            m_queue = queue;
            emit queueUpdated(queue);
        };
    });
}

void FleetController::addHost(const core::HostSpec& spec, core::Fleet::Persistence persistence)
{
    runOnPool([this, spec, persistence]() -> std::function<void()> {
        auto result = m_fleet.addHost(spec, persistence);
        if (!result)
            return [this, error = result.error()] { reportFailure(error); };
        return [this, host = *result] { emit hostAdded(host); };
    });
}

void FleetController::removeHost(const QString& uri)
{
    runOnPool([this, uri = uri.toStdString()]() -> std::function<void()> {
        auto status = m_fleet.removeHost(uri);
        if (!status)
            return [this, error = status.error()] { reportFailure(error); };
        return {};
    });
}

void FleetController::createSandboxes(const core::CreateRequest& request)
{
    // Without a host the sandboxes go through the pending queue, which may hold them for a long
    // time: the call returns once they are queued and the fleet reports the rest.
    core::CreateRequest queued = request;
    queued.detached = request.hostUri.empty();
    runOnPool([this, request = queued]() -> std::function<void()> {
        auto result = m_fleet.createSandboxes(request);
        if (!result)
            return [this, error = result.error()] { reportFailure(error); };
        return [this, created = toQList(*result)] { emit sandboxesCreated(created); };
    });
}

void FleetController::startSandboxes(const QStringList& domainNames)
{
    for (const QString& name : domainNames) {
        runOnPool([this, name = name.toStdString()]() -> std::function<void()> {
            auto status = m_fleet.startSandbox(name);
            if (!status)
                return [this, error = status.error()] { reportFailure(error); };
            return {};
        });
    }
}

void FleetController::stopSandboxes(const QStringList& domainNames, core::StopMode mode)
{
    for (const QString& name : domainNames) {
        runOnPool([this, name = name.toStdString(), mode]() -> std::function<void()> {
            auto status = m_fleet.stopSandbox(name, mode);
            if (!status)
                return [this, error = status.error()] { reportFailure(error); };
            return {};
        });
    }
}

void FleetController::destroySandboxes(const QStringList& domainNames)
{
    for (const QString& name : domainNames) {
        runOnPool([this, name = name.toStdString()]() -> std::function<void()> {
            auto status = m_fleet.destroySandbox(name);
            if (!status)
                return [this, error = status.error()] { reportFailure(error); };
            return {};
        });
    }
}

void FleetController::sleepSandboxes(const QStringList& domainNames)
{
    for (const QString& name : domainNames) {
        runOnPool([this, name = name.toStdString()]() -> std::function<void()> {
            auto status = m_fleet.sleepSandbox(name);
            if (!status)
                return [this, error = status.error()] { reportFailure(error); };
            return {};
        });
    }
}

void FleetController::wakeSandboxes(const QStringList& domainNames)
{
    for (const QString& name : domainNames) {
        runOnPool([this, name = name.toStdString()]() -> std::function<void()> {
            auto status = m_fleet.wakeSandbox(name);
            if (!status)
                return [this, error = status.error()] { reportFailure(error); };
            return {};
        });
    }
}

void FleetController::cloneSandbox(const QString& domainName, int count, const QString& prefix)
{
    runOnPool([this, name = domainName.toStdString(), count, prefix = prefix.toStdString()]() -> std::function<void()> {
        auto clones = m_fleet.cloneSandbox(name, count, prefix);
        if (!clones)
            return [this, error = clones.error()] { reportFailure(error); };
        return [this, created = toQList(*clones)] { emit sandboxesCreated(created); };
    });
}

void FleetController::destroySubtree(const QString& domainName)
{
    runOnPool([this, domainName]() -> std::function<void()> {
        auto report = m_fleet.destroySubtree(domainName.toStdString());
        if (!report)
            return [this, error = report.error()] { reportFailure(error); };
        QStringList failures;
        for (const core::Error& error : report->failures)
            failures.append(toQString(error.detail));
        return [this, domainName, destroyed = int(report->destroyed.size()), failures] {
            for (const QString& failure : failures)
                emit requestFailed(failure);
            emit subtreeDestroyed(domainName, destroyed, failures);
        };
    });
}

void FleetController::promoteToTemplate(const QString& domainName, const QString& templateName)
{
    runOnPool([this, name = domainName.toStdString(), templateName = templateName.toStdString()]() -> std::function<void()> {
        auto promoted = m_fleet.promoteToTemplate(name, templateName);
        if (!promoted)
            return [this, error = promoted.error()] { reportFailure(error); };
        return [this, promoted = *promoted, templates = toQList(m_fleet.templates())] {
            m_templates = templates;
            emit templatePromoted(promoted);
        };
    });
}

void FleetController::readConsole(const QString& domainName, int maxBytes)
{
    runOnPool([this, domainName, maxBytes]() -> std::function<void()> {
        auto text = m_fleet.readConsole(domainName.toStdString(), static_cast<std::size_t>(maxBytes));
        if (!text && text.error().code == core::ErrorCode::Unsupported) {
            return [this, domainName] { emit consoleUnavailable(domainName); };
        }
        if (!text) {
            return [this, domainName, message = toQString(text.error().detail)] {
                emit consoleReadFailed(domainName, message);
            };
        }
        return [this, domainName, content = QString::fromUtf8(text->data(), qsizetype(text->size()))] {
            emit consoleRead(domainName, content);
        };
    });
}

void FleetController::scheduleFlushLocked()
{
    if (m_flushArmed)
        return;
    m_flushArmed = true;
    deliver([this] { QTimer::singleShot(kFlushIntervalMs, this, &FleetController::flush); });
}

void FleetController::flush()
{
    ChangeBuffer changes;
    {
        std::lock_guard lock(m_bufferMutex);
        std::swap(changes, m_buffer);
        m_flushArmed = false;
    }
    for (const core::HostStatus& host : std::as_const(changes.hosts))
        emit hostUpdated(host);
    QList<core::SandboxInfo> updated;
    updated.reserve(changes.sandboxes.size());
    for (auto it = changes.sandboxes.constBegin(); it != changes.sandboxes.constEnd(); ++it) {
        if (it.value()) {
            updated.append(*it.value());
        } else {
            const auto& [hostUri, domainName] = changes.removedKeys.value(it.key());
            emit sandboxGone(hostUri, domainName);
        }
    }
    if (!updated.isEmpty())
        emit sandboxesUpdated(updated);
    for (std::uint64_t id : std::as_const(changes.operationOrder))
        emit operationUpdated(changes.operations.value(id));
}

void FleetController::hostChanged(const core::HostStatus& host)
{
    std::lock_guard lock(m_bufferMutex);
    m_buffer.hosts.insert(toQString(host.spec.uri), host);
    scheduleFlushLocked();
}

void FleetController::hostRemoved(const std::string& uri)
{
    // Changes still buffered for the host must not bring it back after it is gone.
    const QString host = toQString(uri);
    {
        std::lock_guard lock(m_bufferMutex);
        m_buffer.hosts.remove(host);
        const QString prefix = host + QLatin1Char('\n');
        for (auto it = m_buffer.sandboxes.begin(); it != m_buffer.sandboxes.end();) {
            if (it.key().startsWith(prefix))
                it = m_buffer.sandboxes.erase(it);
            else
                ++it;
        }
    }
    deliver([this, host] { emit hostGone(host); });
}

void FleetController::sandboxChanged(const core::SandboxInfo& sandbox)
{
    std::lock_guard lock(m_bufferMutex);
    m_buffer.sandboxes.insert(toQString(sandbox.hostUri) + QLatin1Char('\n') + toQString(sandbox.domainName), sandbox);
    scheduleFlushLocked();
}

void FleetController::sandboxRemoved(const std::string& hostUri, const std::string& domainName)
{
    const QString host = toQString(hostUri);
    const QString domain = toQString(domainName);
    const QString key = host + QLatin1Char('\n') + domain;
    std::lock_guard lock(m_bufferMutex);
    m_buffer.sandboxes.insert(key, std::nullopt);
    m_buffer.removedKeys.insert(key, {host, domain});
    scheduleFlushLocked();
}

void FleetController::operationChanged(const core::OperationUpdate& operation)
{
    std::lock_guard lock(m_bufferMutex);
    if (!m_buffer.operations.contains(operation.id))
        m_buffer.operationOrder.append(operation.id);
    m_buffer.operations.insert(operation.id, operation);
    scheduleFlushLocked();
}

void FleetController::queueChanged(const core::QueueStatus& queue)
{
    deliver([this, queue] {
        m_queue = queue;
        emit queueUpdated(queue);
    });
}

void FleetController::policyChanged(const core::PolicyInfo& policy)
{
    deliver([this, policy] {
        m_policy = policy;
        emit policyUpdated(policy);
    });
}

void FleetController::applyPolicy(const QString& yamlText)
{
    runOnPool([this, text = yamlText.toStdString()]() -> std::function<void()> {
        auto applied = m_fleet.applyPolicy(text);
        if (!applied)
            return [this, message = toQString(applied.error().detail)] { emit policyRejected(message); };
        return [this] { emit policyApplied(); };
    });
}

void FleetController::setBurstPlan(const QString& templateName, const core::BurstPlan& plan)
{
    runOnPool([this, name = templateName.toStdString(), plan]() -> std::function<void()> {
        auto updated = m_fleet.setBurstPlan(name, plan);
        if (!updated)
            return [this, message = toQString(updated.error().detail)] { emit burstPlanRejected(message); };
        return [this, sandboxTemplate = *updated] {
            for (core::Template& known : m_templates) {
                if (known.name == sandboxTemplate.name)
                    known = sandboxTemplate;
            }
            emit burstPlanApplied(sandboxTemplate);
        };
    });
}

void FleetController::computeWhatIf(const QString& templateName, int count)
{
    runOnPool([this, name = templateName.toStdString(), count]() -> std::function<void()> {
        auto report = m_fleet.whatIf(name, count);
        if (!report)
            return [this, error = report.error()] { reportFailure(error); };
        return [this, report = *report] { emit whatIfComputed(report); };
    });
}

void FleetController::explainPlacement(const QString& domainName)
{
    runOnPool([this, domainName]() -> std::function<void()> {
        auto explanation = m_fleet.explainPlacement(domainName.toStdString());
        if (!explanation)
            return {};  // the sandbox went away in the meantime
        return [this, domainName, explanation = *explanation] { emit placementExplained(domainName, explanation); };
    });
}

void FleetController::statsTick(const core::HostStatsTick& tick)
{
    m_stats.add(tick);
}

void FleetController::loadSandboxSeries(const QString& sandboxId)
{
    runOnPool([this, sandboxId]() -> std::function<void()> {
        auto series = m_fleet.sandboxStats(sandboxId.toStdString());
        if (!series)
            return {};  // the sandbox went away in the meantime
        return [this, sandboxId, series = *series] { emit sandboxSeriesLoaded(sandboxId, series); };
    });
}

}  // namespace shoal::ui
