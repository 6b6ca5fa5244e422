#pragma once

#include <QStyledItemDelegate>

namespace shoal::ui {

// Draws a cell as a horizontal bar filled to the fraction (0..1) found under `fractionRole`, with
// the cell's display text on top. Cells without a fraction are drawn as usual.
class BarDelegate : public QStyledItemDelegate {
    Q_OBJECT

public:
    // Capacity bars turn amber above 75 % and red above 90 %, and progress bars keep one colour.
    enum class Coloring { Capacity, Progress };

    BarDelegate(int fractionRole, Coloring coloring, QObject* parent = nullptr);

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

private:
    QColor fillColor(double fraction) const;

    int m_fractionRole;
    Coloring m_coloring;
};

}  // namespace shoal::ui
