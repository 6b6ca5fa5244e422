#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <optional>

#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QThreadPool>

#include "core/fleet.h"
#include "core/model.h"
#include "ui/statscollector.h"

namespace shoal::ui {

// The Qt side of the fleet. It forwards the fleet's listener callbacks, which arrive on worker and
// event-loop threads, as value snapshots in signals emitted on this object's thread (the GUI
// thread). Host, sandbox and operation changes are collected and sent every kFlushIntervalMs,
// only the latest state of each, so a launch of thousands of sandboxes does not flood the GUI
// thread. Every blocking fleet call runs on the controller's own thread pool; each operation
// method returns at once and reports its result by signal.
class FleetController : public QObject, public core::FleetListener {
    Q_OBJECT

public:
    static constexpr int kFlushIntervalMs = 100;

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
    void sleepSandboxes(const QStringList& domainNames);
    void wakeSandboxes(const QStringList& domainNames);
    // Clones one running sandbox, then emits sandboxesCreated with the clones.
    void cloneSandbox(const QString& domainName, int count, const QString& prefix);
    // Destroys a sandbox and every sandbox cloned from it, then emits subtreeDestroyed.
    void destroySubtree(const QString& domainName);
    // Makes a template from a stopped or asleep sandbox's disk, then emits templatePromoted, or
    // requestFailed with the reason.
    void promoteToTemplate(const QString& domainName, const QString& templateName);

    // Reads the tail of a sandbox's serial console, then emits consoleRead, consoleUnavailable or
    // consoleReadFailed.
    void readConsole(const QString& domainName, int maxBytes);

    // Applies a placement policy, then emits policyApplied or policyRejected.
    void applyPolicy(const QString& yamlText);
    // Validates and stores a template's burst plan off the GUI thread; emits burstPlanApplied or
    // burstPlanRejected.
    void setBurstPlan(const QString& templateName, const core::BurstPlan& plan);
    // Computes where `count` more sandboxes would land, then emits whatIfComputed.
    void computeWhatIf(const QString& templateName, int count);
    // Reads why a sandbox is where it is, then emits placementExplained.
    void explainPlacement(const QString& domainName);

    // The policy in force and the queue, as last reported by the fleet.
    core::PolicyInfo policy() const { return m_policy; }
    core::QueueStatus queue() const { return m_queue; }

    // The templates of the last snapshot.
    QList<core::Template> templates() const { return m_templates; }

    // Sends the collected host, sandbox and operation changes now instead of at the next flush.
    void flush();

    // The fleet's stats, once per StatsCollector::kIntervalMs, on this object's thread.
    StatsCollector& stats() { return m_stats; }

    // Reads the last 15 minutes of a sandbox's stats, then emits sandboxSeriesLoaded.
    void loadSandboxSeries(const QString& sandboxId);

    // The number of fleet calls queued or running; tests wait for it to reach zero.
    int pendingCalls() const { return m_pendingCalls.load(); }

    // core::FleetListener, called from any thread.
    void hostChanged(const core::HostStatus& host) override;
    void hostRemoved(const std::string& uri) override;
    void sandboxChanged(const core::SandboxInfo& sandbox) override;
    void sandboxRemoved(const std::string& hostUri, const std::string& domainName) override;
    void operationChanged(const core::OperationUpdate& operation) override;
    void queueChanged(const core::QueueStatus& queue) override;
    void policyChanged(const core::PolicyInfo& policy) override;
    void statsTick(const core::HostStatsTick& tick) override;

signals:
    void snapshotLoaded(const QList<shoal::core::HostStatus>& hosts,
                        const QList<shoal::core::SandboxInfo>& sandboxes,
                        const QList<shoal::core::Template>& templates);
    void hostUpdated(const shoal::core::HostStatus& host);
    void hostGone(const QString& uri);
    // The sandboxes that appeared or changed since the previous flush, the latest state of each,
    // in one signal, so that a model can insert thousands of new rows as one block.
    void sandboxesUpdated(const QList<shoal::core::SandboxInfo>& sandboxes);
    void sandboxGone(const QString& hostUri, const QString& domainName);
    void operationUpdated(const shoal::core::OperationUpdate& operation);

    void hostAdded(const shoal::core::HostStatus& host);
    void sandboxesCreated(const QList<shoal::core::SandboxInfo>& sandboxes);
    // `failures` contains one message per sandbox of the subtree that was kept.
    void subtreeDestroyed(const QString& domainName, int destroyedCount, const QStringList& failures);
    // The template is stored, and templates() includes it.
    void templatePromoted(const shoal::core::Template& promoted);
    void consoleRead(const QString& domainName, const QString& text);
    void consoleReadFailed(const QString& domainName, const QString& message);
    // The sandbox's host keeps no console log, as with the simulated hosts of the test driver.
    void consoleUnavailable(const QString& domainName);

    void queueUpdated(const shoal::core::QueueStatus& queue);
    void policyUpdated(const shoal::core::PolicyInfo& policy);
    void policyApplied();
    // `message` names the line and column of the first error; the policy in force is unchanged.
    void policyRejected(const QString& message);
    void burstPlanApplied(const shoal::core::Template& sandboxTemplate);
    void burstPlanRejected(const QString& message);
    void whatIfComputed(const shoal::core::WhatIfReport& report);
    void placementExplained(const QString& domainName, const shoal::core::PlacementExplanation& explanation);
    void sandboxSeriesLoaded(const QString& sandboxId, const shoal::core::StatsSeries& series);

    // A request failed; `message` is the fleet's error detail, ready for the status bar.
    void requestFailed(const QString& message);

    // Emitted whenever pendingCalls() drops to zero.
    void idle();

private:
    // Changes collected from the listener since the last flush, the latest per key.
    struct ChangeBuffer {
        QHash<QString, core::HostStatus> hosts;
        QHash<QString, std::optional<core::SandboxInfo>> sandboxes;  // empty optional: removed
        QHash<QString, std::pair<QString, QString>> removedKeys;     // key -> host URI, domain name
        QHash<std::uint64_t, core::OperationUpdate> operations;
        QList<std::uint64_t> operationOrder;                         // first-seen order
    };

    // Runs `call` on the pool, then `deliver` on this object's thread.
    void runOnPool(std::function<std::function<void()>()> call);
    void deliver(std::function<void()> function);
    void reportFailure(const core::Error& error);
    // Arms one flush unless one is armed already. The caller holds m_bufferMutex.
    void scheduleFlushLocked();

    core::Fleet& m_fleet;
    StatsCollector m_stats;
    QThreadPool m_pool;
    QList<core::Template> m_templates;
    core::PolicyInfo m_policy;
    core::QueueStatus m_queue;
    std::atomic<int> m_pendingCalls{0};
    std::atomic<bool> m_shuttingDown{false};
    std::mutex m_bufferMutex;
    ChangeBuffer m_buffer;                   // guarded by m_bufferMutex
    bool m_flushArmed = false;               // guarded by m_bufferMutex
};

// Registers the core value types carried by the controller's signals. Idempotent.
void registerMetaTypes();

}  // namespace shoal::ui

Q_DECLARE_METATYPE(shoal::core::HostStatus)
Q_DECLARE_METATYPE(shoal::core::SandboxInfo)
Q_DECLARE_METATYPE(shoal::core::Template)
Q_DECLARE_METATYPE(shoal::core::OperationUpdate)
Q_DECLARE_METATYPE(shoal::core::QueueStatus)
Q_DECLARE_METATYPE(shoal::core::PolicyInfo)
Q_DECLARE_METATYPE(shoal::core::WhatIfReport)
Q_DECLARE_METATYPE(shoal::core::PlacementExplanation)
Q_DECLARE_METATYPE(shoal::core::StatsSeries)
