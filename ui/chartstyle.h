#pragma once

#include <QColor>
#include <QString>

class QCPAxis;
class QCPGraph;
class QCPTextElement;
class QCustomPlot;

// Looks shared by the console's QCustomPlot charts, so the Overview, Placement and inspector
// charts read alike.
namespace shoal::ui::chartstyle {

// Returns one colour of the series palette; `index` wraps around.
QColor seriesColor(int index);

// The colour of the pending queue and its thresholds.
QColor pendingColor();

// Adds a bold title row above the axis rect and makes the legend small and translucent.
void setUpPlot(QCustomPlot& plot, const QString& title);

// Moves the legend out of the axis rect into one row below it, so it never covers the data.
void placeLegendBelow(QCustomPlot& plot);

// Adds a dashed horizontal line at `level` on `valueAxis` from `fromSeconds` to `toSeconds` on the
// plot's x axis, named in the legend, and returns its graph.
QCPGraph* addThresholdLine(QCustomPlot& plot, QCPAxis* valueAxis, double level, double fromSeconds,
                           double toSeconds, const QString& name, const QColor& color);

}  // namespace shoal::ui::chartstyle
