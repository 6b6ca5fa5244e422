#include "hypervisor/eventloop.h"

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <thread>

#include <libvirt/libvirt.h>
#include <spdlog/logger.h>

#include "core/log.h"
#include "hypervisor/libvirterror.h"

namespace shoal::hypervisor {

namespace {

std::atomic<bool> g_running{false};

// After a failed iteration the loop pauses briefly, so a persistent failure logs once a second
// instead of spinning a core.
constexpr std::chrono::seconds kRetryPause{1};

// The thread keeps its own reference to the logger: it runs on while static objects are
// destroyed at process exit, so it must never look the logger up in spdlog's registry again.
void runLoop(std::shared_ptr<spdlog::logger> log)
{
    while (true) {
        if (virEventRunDefaultImpl() < 0) {
            core::Error error = lastLibvirtError("Failed to run one iteration of the libvirt event loop");
            log->warn("{}", error.detail);
            std::this_thread::sleep_for(kRetryPause);
        }
    }
}

bool startLoop()
{
    installErrorHandler();
    if (virInitialize() < 0) {
        core::Error error = lastLibvirtError("Failed to initialise libvirt");
        core::logger("hypervisor")->critical("{}", error.detail);
        return false;
    }

    core::logger("hypervisor")->debug("virEventRegisterDefaultImpl()");
    if (virEventRegisterDefaultImpl() < 0) {
        core::Error error = lastLibvirtError("Failed to register libvirt's default event implementation");
        core::logger("hypervisor")->critical("{}", error.detail);
        return false;
    }

    // The thread is detached on purpose: libvirt offers no way to wake a loop blocked in poll()
    // for shutdown, and the loop must serve connections until the very end of the process.
    std::shared_ptr<spdlog::logger> log = core::logger("hypervisor");
    log->debug("Starting the libvirt event loop thread");
    std::thread(runLoop, std::move(log)).detach();
    g_running = true;
    return true;
}

}  // namespace

bool EventLoop::ensureRunning()
{
    static const bool started = startLoop();
    return started;
}

bool EventLoop::isRunning()
{
    return g_running;
}

}  // namespace shoal::hypervisor
