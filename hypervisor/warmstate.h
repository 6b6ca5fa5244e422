#pragma once

#include <string>
#include <string_view>

#include "core/error.h"
#include "core/hypervisor.h"
#include "core/model.h"
#include "hypervisor/sandboxcreation.h"
#include "hypervisor/staterestore.h"
#include "hypervisor/templatevolumes.h"

namespace shoal::hypervisor {

// Domain and volume names of warm states start with this. Such volumes belong to a template, so
// destroying a sandbox never deletes them.
inline constexpr std::string_view kWarmStatePrefix = "shoal-warm-";

// The warm states of templates on one host. A warm state is named
// `shoal-warm-<template>-<hash>`, where the hash covers the template's volumes (named by content),
// command line, shape and domain type. A changed template therefore gets a new warm state, and
// the old one is deleted once no sandbox reads its disk. Its volumes are `<name>.save` (the save image),
// `<name>.qcow2` (the disk it belongs to, frozen), and `<name>.restore`, a copy of the save
// image that snapshot starts reuse, with `<name>.restore.lock` while one uses it. Used on the host connection's worker thread.
class WarmStates {
public:
    WarmStates(CreateTarget target, const core::PhaseObserver& observer);

    // Returns the current warm state of the template, reusing a complete one. Otherwise boots the
    // template as domain `<name>`, waits up to `readyTimeoutSeconds` for its ready line, saves it
    // and undefines the domain, keeping the disk. Any failure removes what it made.
    core::Result<core::WarmState> prepare(const core::Template& sandboxTemplate, const TemplateVolumePaths& volumes,
                                          int readyTimeoutSeconds);

    // Returns the restore source of the template's current warm state, or NotFound.
    core::Result<RestoreSource> source(const core::Template& sandboxTemplate, const TemplateVolumePaths& volumes);

    // Deletes every warm state of the template whose disk no sandbox reads. Returns the number of
    // warm states deleted.
    core::Result<int> discard(const std::string& templateName);

private:
    core::Result<RestoreSource> openWarmState(const std::string& name);
    std::string nameFor(const core::Template& sandboxTemplate, const TemplateVolumePaths& volumes) const;
    core::Result<core::WarmState> reuse(const core::Template& sandboxTemplate, const std::string& name);
    core::Status boot(const core::Template& sandboxTemplate, const TemplateVolumePaths& volumes, const std::string& name,
                      int readyTimeoutSeconds);
    core::Status waitReady(const std::string& name, const std::string& marker, int timeoutSeconds);
    // Copies the template's base into the running warm-state domain's disk and waits for the copy.
    core::Status flatten(const std::string& name);
    core::Status save(const std::string& name);
    void removeWarmState(const std::string& name);
    void discardOthers(const std::string& templateName, const std::string& keep);

    CreateTarget m_target;
    const core::PhaseObserver& m_observer;
};

// Returns the prefix of every warm state name of a template, `shoal-warm-<template>-`. Characters
// outside [A-Za-z0-9_.-] become '_', and the template part is cut to fit a domain name.
std::string warmStatePrefix(std::string_view templateName);

}  // namespace shoal::hypervisor
