#include "ui/bardelegate.h"

#include <algorithm>

#include <QApplication>
#include <QPainter>

namespace shoal::ui {

namespace {

constexpr double kWarningFraction = 0.75;
constexpr double kCriticalFraction = 0.90;
constexpr int kMinimumBarWidth = 100;

}  // namespace

BarDelegate::BarDelegate(int fractionRole, Coloring coloring, QObject* parent)
    : QStyledItemDelegate(parent)
    , m_fractionRole(fractionRole)
    , m_coloring(coloring)
{
}

QColor BarDelegate::fillColor(double fraction) const
{
    if (m_coloring == Coloring::Progress)
        return QColor(0x3d, 0x7e, 0xc9);
    if (fraction > kCriticalFraction)
        return QColor(0xd9, 0x53, 0x4f);
    if (fraction > kWarningFraction)
        return QColor(0xe8, 0xa3, 0x3d);
    return QColor(0x4c, 0xae, 0x72);
}

void BarDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    const QVariant value = index.data(m_fractionRole);
    if (!value.isValid()) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }

    // Draw the selection background and focus as usual, but no text: the text goes on the bar.
    QStyleOptionViewItem background = option;
    initStyleOption(&background, index);
    background.text.clear();
    const QStyle* style = option.widget ? option.widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &background, painter, option.widget);

    const double fraction = std::clamp(value.toDouble(), 0.0, 1.0);
    const QRect track = option.rect.adjusted(3, 3, -3, -3);
    QRect filled = track;
    filled.setWidth(int(track.width() * fraction));

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, true);
    painter->setPen(Qt::NoPen);
    painter->setBrush(option.palette.color(QPalette::Midlight));
    painter->drawRoundedRect(track, 3, 3);
    painter->setBrush(fillColor(fraction));
    painter->drawRoundedRect(filled, 3, 3);
    painter->setPen(option.palette.color(QPalette::Text));
    painter->drawText(track, Qt::AlignCenter, index.data(Qt::DisplayRole).toString());
    painter->restore();
}

QSize BarDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.setWidth(std::max(size.width() + 12, kMinimumBarWidth));
    return size;
}

}  // namespace shoal::ui
