#include "ui/resources.h"

#include <QtGlobal>

// Q_INIT_RESOURCE declares a function named after the .qrc file and must be used outside any
// namespace.
static void initializeShoalQrc()
{
    Q_INIT_RESOURCE(shoal);
}

namespace shoal::ui {

void initializeResources()
{
    initializeShoalQrc();
}

}  // namespace shoal::ui
