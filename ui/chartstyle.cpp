#include "ui/chartstyle.h"

#include <iterator>

#include <qcustomplot.h>

namespace shoal::ui::chartstyle {

namespace {

const QColor kSeriesColors[] = {
    QColor(0x3d, 0x7e, 0xc9), QColor(0xe8, 0xa3, 0x3d), QColor(0x4c, 0xae, 0x72),
    QColor(0x9b, 0x59, 0xb6), QColor(0xd9, 0x53, 0x4f), QColor(0x7f, 0x8c, 0x8d),
};

}  // namespace

QColor seriesColor(int index)
{
    const int count = int(std::size(kSeriesColors));
    return kSeriesColors[((index % count) + count) % count];
}

QColor pendingColor()
{
    return QColor(0xd9, 0x53, 0x4f);
}

void setUpPlot(QCustomPlot& plot, const QString& title)
{
    plot.plotLayout()->insertRow(0);
    auto* titleElement = new QCPTextElement(&plot, title);
    QFont titleFont = titleElement->font();
    titleFont.setBold(true);
    titleElement->setFont(titleFont);
    plot.plotLayout()->addElement(0, 0, titleElement);

    plot.legend->setBrush(QColor(255, 255, 255, 190));
    QFont legendFont = plot.legend->font();
    legendFont.setPointSizeF(legendFont.pointSizeF() * 0.85);
    plot.legend->setFont(legendFont);
    plot.setInteraction(QCP::iSelectPlottables, false);
}

void placeLegendBelow(QCustomPlot& plot)
{
    plot.legend->setVisible(true);
    plot.axisRect()->insetLayout()->take(plot.legend);
    const int row = plot.plotLayout()->rowCount();
    plot.plotLayout()->addElement(row, 0, plot.legend);
    plot.plotLayout()->setRowStretchFactor(row, 0.001);
    plot.legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    plot.legend->setWrap(2);
    plot.legend->setBorderPen(Qt::NoPen);
    plot.legend->setMargins(QMargins(4, 0, 4, 2));
}

QCPGraph* addThresholdLine(QCustomPlot& plot, QCPAxis* valueAxis, double level, double fromSeconds,
                           double toSeconds, const QString& name, const QColor& color)
{
    QCPGraph* line = plot.addGraph(plot.xAxis, valueAxis);
    line->setName(name);
    line->setPen(QPen(color, 1.5, Qt::DashLine));
    line->setData({fromSeconds, toSeconds}, {level, level}, true);
    return line;
}

}  // namespace shoal::ui::chartstyle
