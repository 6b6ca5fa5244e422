#pragma once

#include <atomic>
#include <functional>

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QThreadPool>

#include "core/fleet.h"
#include "core/model.h"

namespace shoal::ui {

// The Qt side of the fleet. It forwards the fleet's listener callbacks, which arrive on worker and
// event-loop threads, as value snapshots in signals emitted on this object's thread (the GUI
// thread). Every blocking fleet call runs on the controller's own thread pool; each operation
// method returns at once and reports its result by signal.
class FleetController : public QObject, public core::FleetListener {
    Q_OBJECT

public:
    // Registers itself as the fleet's listener. The fleet must be destroyed after shutdown() and
    // before this controller, because the fleet may call the listener until it is gone.
    explicit FleetController(core::Fleet& fleet, QObject* parent = nullptr);
    ~FleetController() override;

    // Rejects new work and waits for the calls already running on the pool to return.
    void shutdown();

    // Reads hosts, sandboxes and templates, then emits snapshotLoaded.
    void loadSnapshot();

    void addHost(const core::HostSpec& spec, core::Fleet::Persistence persistence);
    void removeHost(const QString& uri);
    void createSandboxes(const core::CreateRequest& request);
    void startSandboxes(const QStringList& domainNames);
    void stopSandboxes(const QStringList& domainNames, core::StopMode mode);
    void destroySandboxes(const QStringList& domainNames);

    // Reads the tail of a sandbox's serial console, then emits consoleRead, consoleUnavailable or
    // consoleReadFailed.
    void readConsole(const QString& domainName, int maxBytes);

    // The templates of the last snapshot.
    QList<core::Template> templates() const { return m_templates; }

    // The number of fleet calls queued or running; tests wait for it to reach zero.
    int pendingCalls() const { return m_pendingCalls.load(); }

    // core::FleetListener, called from any thread.
    void hostChanged(const core::HostStatus& host) override;
    void hostRemoved(const std::string& uri) override;
    void sandboxChanged(const core::SandboxInfo& sandbox) override;
    void sandboxRemoved(const std::string& hostUri, const std::string& domainName) override;
    void operationChanged(const core::OperationUpdate& operation) override;

signals:
    void snapshotLoaded(const QList<shoal::core::HostStatus>& hosts,
                        const QList<shoal::core::SandboxInfo>& sandboxes,
                        const QList<shoal::core::Template>& templates);
    void hostUpdated(const shoal::core::HostStatus& host);
    void hostGone(const QString& uri);
    void sandboxUpdated(const shoal::core::SandboxInfo& sandbox);
    void sandboxGone(const QString& hostUri, const QString& domainName);
    void operationUpdated(const shoal::core::OperationUpdate& operation);

    void hostAdded(const shoal::core::HostStatus& host);
    void sandboxesCreated(const QList<shoal::core::SandboxInfo>& sandboxes);
    void consoleRead(const QString& domainName, const QString& text);
    void consoleReadFailed(const QString& domainName, const QString& message);
    // The sandbox's host keeps no console log, as with the simulated hosts of the test driver.
    void consoleUnavailable(const QString& domainName);

    // A request failed; `message` is the fleet's error detail, ready for the status bar.
    void requestFailed(const QString& message);

    // Emitted whenever pendingCalls() drops to zero.
    void idle();

private:
    // Runs `call` on the pool, then `deliver` on this object's thread.
    void runOnPool(std::function<std::function<void()>()> call);
    void deliver(std::function<void()> function);
    void reportFailure(const core::Error& error);

    core::Fleet& m_fleet;
    QThreadPool m_pool;
    QList<core::Template> m_templates;
    std::atomic<int> m_pendingCalls{0};
    std::atomic<bool> m_shuttingDown{false};
};

// Registers the core value types carried by the controller's signals. Idempotent.
void registerMetaTypes();

}  // namespace shoal::ui

Q_DECLARE_METATYPE(shoal::core::HostStatus)
Q_DECLARE_METATYPE(shoal::core::SandboxInfo)
Q_DECLARE_METATYPE(shoal::core::Template)
Q_DECLARE_METATYPE(shoal::core::OperationUpdate)
