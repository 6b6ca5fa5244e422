#include "ui/inspectorpanel.h"

#include <QDateTime>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

#include "ui/displaytext.h"
#include "ui/fleetcontroller.h"
#include "ui/sandboxcharts.h"
#include "ui/sandboxtablemodel.h"
#include "ui/statscollector.h"

namespace shoal::ui {

namespace {

QString formatTime(std::int64_t unixMs)
{
    if (unixMs <= 0)
        return QStringLiteral("–");
    return QDateTime::fromMSecsSinceEpoch(unixMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

}  // namespace

InspectorPanel::InspectorPanel(SandboxTableModel& model, FleetController& controller, QWidget* parent)
    : QWidget(parent)
    , m_model(model)
    , m_controller(controller)
    , m_pollTimer(new QTimer(this))
    , m_explainTimer(new QTimer(this))
    , m_title(new QLabel(this))
    , m_console(new QPlainTextEdit(this))
    , m_charts(new SandboxCharts(this))
{
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.25);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setWordWrap(true);

    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    const std::pair<QString, QString> fields[] = {
        {QStringLiteral("state"), tr("State:")},       {QStringLiteral("id"), tr("Sandbox id:")},
        {QStringLiteral("domain"), tr("Domain:")},     {QStringLiteral("template"), tr("Template:")},
        {QStringLiteral("host"), tr("Host:")},         {QStringLiteral("zone"), tr("Zone:")},
        {QStringLiteral("pool"), tr("Pool:")},         {QStringLiteral("shape"), tr("Size:")},
        {QStringLiteral("created"), tr("Created:")},   {QStringLiteral("started"), tr("Started:")},
        {QStringLiteral("parent"), tr("Cloned from:")}, {QStringLiteral("failure"), tr("Failure:")},
        {QStringLiteral("placement"), tr("Placement:")}, {QStringLiteral("burst"), tr("Burst:")},
    };
    for (const auto& [field, label] : fields)
        form->addRow(label, addField(field, label));

    m_console->setReadOnly(true);
    m_console->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_console->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_console->setMaximumBlockCount(2000);

    auto* details = new QWidget(this);
    auto* detailsLayout = new QVBoxLayout(details);
    detailsLayout->addLayout(form);
    detailsLayout->addStretch(1);
    auto* tabs = new QTabWidget(this);
    tabs->setDocumentMode(true);
    tabs->addTab(m_charts, tr("Charts"));
    tabs->addTab(details, tr("Details"));
    tabs->addTab(m_console, tr("Console"));

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(tabs, 1);

    m_pollTimer->setSingleShot(true);
    m_pollTimer->setInterval(kConsolePollMs);
    connect(m_pollTimer, &QTimer::timeout, this, &InspectorPanel::requestConsole);
    connect(&m_controller, &FleetController::consoleRead, this, &InspectorPanel::showConsole);
    connect(&m_controller, &FleetController::consoleReadFailed, this, &InspectorPanel::showConsoleError);
    connect(&m_controller, &FleetController::consoleUnavailable, this, &InspectorPanel::showConsoleUnavailable);
    connect(&m_controller, &FleetController::placementExplained, this,
            [this](const QString& domainName, const core::PlacementExplanation& explanation) {
                m_explainInFlight = false;
                if (domainName == m_domainName)
                    m_fields[QStringLiteral("placement")]->setText(DisplayText::placement(explanation));
            });
    m_explainTimer->setInterval(kExplainRefreshMs);
    connect(m_explainTimer, &QTimer::timeout, this, &InspectorPanel::requestExplanation);
    m_explainTimer->start();
    connect(&m_controller.stats(), &StatsCollector::ticked, this, &InspectorPanel::applyStatsTick);
    connect(&m_controller, &FleetController::sandboxSeriesLoaded, this,
            [this](const QString& sandboxId, const core::StatsSeries& series) {
                if (sandboxId != m_sandboxId)
                    return;
                m_charts->setSeries(series.points);
                m_charts->replot(QDateTime::currentMSecsSinceEpoch());
            });
    connect(&m_model, &QAbstractItemModel::dataChanged, this, &InspectorPanel::refreshDetails);
    connect(&m_model, &QAbstractItemModel::rowsRemoved, this, &InspectorPanel::refreshDetails);
    connect(&m_model, &QAbstractItemModel::rowsInserted, this, &InspectorPanel::refreshDetails);

    showSandbox({}, {});
}

QLabel* InspectorPanel::addField(const QString& field, const QString& /*label*/)
{
    auto* value = new QLabel(this);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    value->setWordWrap(true);
    m_fields.insert(field, value);
    return value;
}

QString InspectorPanel::detailText(const QString& field) const
{
    const QLabel* label = m_fields.value(field);
    return label ? label->text() : QString();
}

void InspectorPanel::showSandbox(const QString& hostUri, const QString& domainName)
{
    if (hostUri == m_hostUri && domainName == m_domainName)
        return;
    m_hostUri = hostUri;
    m_domainName = domainName;
    m_console->clear();
    refreshDetails();

    m_pollTimer->stop();
    if (!m_domainName.isEmpty() && !m_readInFlight)
        requestConsole();
    requestExplanation();
}

void InspectorPanel::requestExplanation()
{
    if (m_domainName.isEmpty() || m_explainInFlight)
        return;
    m_explainInFlight = true;
    m_controller.explainPlacement(m_domainName);
}

void InspectorPanel::refreshDetails()
{
    const core::SandboxInfo* sandbox = m_model.sandbox(m_model.rowOf(m_hostUri, m_domainName));
    if (!sandbox && !m_domainName.isEmpty()) {
        // A pending sandbox has no host yet; once placed, the same domain shows up on its host.
        sandbox = m_model.sandbox(m_model.rowOfDomain(m_domainName));
        if (sandbox)
            m_hostUri = QString::fromStdString(sandbox->hostUri);
    }
    if (!sandbox) {
        m_title->setText(m_domainName.isEmpty() ? tr("No sandbox selected") : tr("Sandbox removed"));
        for (QLabel* value : std::as_const(m_fields))
            value->clear();
        watchStats({});
        return;
    }
    watchStats(QString::fromStdString(sandbox->metadata.id));
    m_charts->setBurst(sandbox->burst);

    const auto& metadata = sandbox->metadata;
    m_title->setText(QString::fromStdString(metadata.displayName));
    m_fields[QStringLiteral("state")]->setText(DisplayText::sandboxState(sandbox->state));
    m_fields[QStringLiteral("id")]->setText(QString::fromStdString(metadata.id));
    m_fields[QStringLiteral("domain")]->setText(QString::fromStdString(sandbox->domainName));
    m_fields[QStringLiteral("template")]->setText(QString::fromStdString(metadata.templateName));
    m_fields[QStringLiteral("host")]->setText(QString::fromStdString(sandbox->hostUri));
    m_fields[QStringLiteral("zone")]->setText(QString::fromStdString(metadata.zone));
    m_fields[QStringLiteral("pool")]->setText(QString::fromStdString(metadata.pool));
    m_fields[QStringLiteral("shape")]->setText(
        tr("%1 vCPU, %2").arg(sandbox->vcpus).arg(DisplayText::memory(sandbox->memoryMiB)));
    m_fields[QStringLiteral("created")]->setText(formatTime(metadata.createdAtMs));
    m_fields[QStringLiteral("started")]->setText(formatTime(sandbox->startedAtMs));
    m_fields[QStringLiteral("parent")]->setText(
        metadata.parentId.empty() ? QStringLiteral("–") : QString::fromStdString(metadata.parentId));
    m_fields[QStringLiteral("failure")]->setText(
        sandbox->failureReason.empty() ? QStringLiteral("–") : QString::fromStdString(sandbox->failureReason));
    m_fields[QStringLiteral("burst")]->setText(burstText(sandbox->burst));
}

QString InspectorPanel::burstText(const core::BurstStatus& burst) const
{
    if (burst.windowEndMs == 0)
        return QStringLiteral("–");
    const QString until = QDateTime::fromMSecsSinceEpoch(burst.windowEndMs).toString(QStringLiteral("HH:mm:ss"));
    const QString planned = QString::number(burst.plannedCpuPercent, 'g', 4);
    if (!burst.appliedOnHost || !burst.appliedCpuPercent) {
        return burst.active ? tr("planned %1 % until %2, not applied on this host").arg(planned, until)
                            : tr("baseline %1 %, planned, not applied on this host").arg(planned);
    }
    const QString applied = QString::number(*burst.appliedCpuPercent, 'g', 4);
    if (burst.active)
        return tr("planned %1 %, applied %2 % until %3").arg(planned, applied, until);
    return tr("ended %1; baseline planned %2 %, applied %3 %").arg(until, planned, applied);
}

void InspectorPanel::watchStats(const QString& sandboxId)
{
    if (sandboxId == m_sandboxId)
        return;
    m_sandboxId = sandboxId;
    m_controller.stats().watchSandbox(sandboxId.toStdString());
    m_charts->clear();
    m_charts->replot(QDateTime::currentMSecsSinceEpoch());
    if (!sandboxId.isEmpty())
        m_controller.loadSandboxSeries(sandboxId);
}

void InspectorPanel::applyStatsTick(const FleetStatsTick& tick)
{
    if (m_sandboxId.isEmpty() || QString::fromStdString(tick.watchedSandboxId) != m_sandboxId)
        return;
    m_charts->appendPoints(tick.watchedPoints);
    if (isVisible())
        m_charts->replot(tick.timestampMs);
}

void InspectorPanel::requestConsole()
{
    if (m_domainName.isEmpty() || m_readInFlight)
        return;
    m_readInFlight = true;
    m_controller.readConsole(m_domainName, kConsoleTailBytes);
}

void InspectorPanel::showConsole(const QString& domainName, const QString& text)
{
    m_readInFlight = false;
    if (domainName == m_domainName && text != m_console->toPlainText()) {
        QScrollBar* scrollBar = m_console->verticalScrollBar();
        const bool atBottom = scrollBar->value() == scrollBar->maximum();
        m_console->setPlainText(text);
        if (atBottom)
            scrollBar->setValue(scrollBar->maximum());
    }
    armNextRead(domainName);
}

void InspectorPanel::showConsoleError(const QString& domainName, const QString& message)
{
    m_readInFlight = false;
    if (domainName == m_domainName)
        m_console->setPlainText(tr("The console cannot be read: %1").arg(message));
    armNextRead(domainName);
}

void InspectorPanel::showConsoleUnavailable(const QString& domainName)
{
    // No later read can succeed on such a host, so polling stops until the selection changes.
    m_readInFlight = false;
    if (domainName == m_domainName) {
        m_console->setPlainText(tr("This host keeps no console log. Simulated hosts run on libvirt's "
                                   "test driver, which has no serial console."));
    } else {
        armNextRead(domainName);
    }
}

void InspectorPanel::armNextRead(const QString& answeredDomainName)
{
    // The selection may have moved while the read was running: read the new one at once.
    if (m_domainName.isEmpty())
        return;
    if (answeredDomainName != m_domainName)
        requestConsole();
    else
        m_pollTimer->start();
}

}  // namespace shoal::ui
