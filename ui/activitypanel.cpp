#include "ui/activitypanel.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include "ui/bardelegate.h"
#include "ui/operationlistmodel.h"

namespace shoal::ui {

namespace {

constexpr int kMaxMessageLines = 1000;

}  // namespace

ActivityPanel::ActivityPanel(OperationListModel& model, QWidget* parent)
    : QWidget(parent)
    , m_model(model)
    , m_view(new QTableView(this))
    , m_messages(new QPlainTextEdit(this))
{
    m_view->setModel(&m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setAlternatingRowColors(true);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setItemDelegateForColumn(OperationListModel::Progress,
                                     new BarDelegate(OperationListModel::FractionRole,
                                                     BarDelegate::Coloring::Progress, m_view));
    // Short columns fit their text; the target and timings get fixed room, the message the rest.
    QHeaderView* header = m_view->horizontalHeader();
    for (int column : {OperationListModel::Kind, OperationListModel::Phase, OperationListModel::State})
        header->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    const int characterWidth = m_view->fontMetrics().averageCharWidth();
    m_view->setColumnWidth(OperationListModel::Target, 24 * characterWidth);
    m_view->setColumnWidth(OperationListModel::Timings, 40 * characterWidth);

    m_messages->setReadOnly(true);
    m_messages->setMaximumBlockCount(kMaxMessageLines);

    auto* clearButton = new QPushButton(tr("Clear finished"), this);
    auto* operationsPage = new QWidget(this);
    auto* operationsLayout = new QVBoxLayout(operationsPage);
    operationsLayout->setContentsMargins(0, 0, 0, 0);
    operationsLayout->addWidget(m_view);
    auto* buttonRow = new QHBoxLayout;
    buttonRow->addStretch();
    buttonRow->addWidget(clearButton);
    operationsLayout->addLayout(buttonRow);

    auto* tabs = new QTabWidget(this);
    tabs->setDocumentMode(true);
    tabs->addTab(operationsPage, tr("Operations"));
    tabs->addTab(m_messages, tr("Messages"));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(tabs);

    connect(clearButton, &QPushButton::clicked, this, [this] { m_model.clearFinished(); });
    // Keep the newest operation in sight unless the user scrolled up.
    connect(&m_model, &QAbstractItemModel::rowsInserted, m_view, [this] {
        if (m_view->verticalScrollBar()->value() >= m_view->verticalScrollBar()->maximum() - 1)
            m_view->scrollToBottom();
    });
}

void ActivityPanel::addMessage(const QString& message)
{
    const QString time = QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss"));
    m_messages->appendPlainText(time + QLatin1Char(' ') + message);
}

}  // namespace shoal::ui
