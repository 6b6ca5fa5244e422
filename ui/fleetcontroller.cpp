#include "ui/fleetcontroller.h"

#include <utility>

#include <QMetaObject>
#include <QPointer>

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
        return [this, hosts, sandboxes, templates] {
            m_templates = templates;
            emit snapshotLoaded(hosts, sandboxes, templates);
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
    runOnPool([this, request]() -> std::function<void()> {
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

void FleetController::hostChanged(const core::HostStatus& host)
{
    deliver([this, host] { emit hostUpdated(host); });
}

void FleetController::hostRemoved(const std::string& uri)
{
    deliver([this, uri = toQString(uri)] { emit hostGone(uri); });
}

void FleetController::sandboxChanged(const core::SandboxInfo& sandbox)
{
    deliver([this, sandbox] { emit sandboxUpdated(sandbox); });
}

void FleetController::sandboxRemoved(const std::string& hostUri, const std::string& domainName)
{
    deliver([this, hostUri = toQString(hostUri), domainName = toQString(domainName)] {
        emit sandboxGone(hostUri, domainName);
    });
}

void FleetController::operationChanged(const core::OperationUpdate& operation)
{
    deliver([this, operation] { emit operationUpdated(operation); });
}

}  // namespace shoal::ui
