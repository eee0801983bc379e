// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "comparison_model.h"

#include <QtQml/qqml.h>

namespace portlab {

// The kernel backend's comparison model, as the views know it: "KernelComparison", one row per
// statement, model beside kernel. Roles: "line", "statement", "model", "kernel", "verdict"
// ("agree", "differ", "n/a"), "why", "expectation", "modelOutput", "kernelOutput".
struct KernelComparisonForeign {
    Q_GADGET
    QML_FOREIGN(portlab::kernel::ComparisonModel)
    QML_NAMED_ELEMENT(KernelComparison)
    QML_UNCREATABLE("LabSession owns it")
};

} // namespace portlab
