#pragma once

namespace shoal::hypervisor {

// libvirt's default event loop, run in a thread of its own. Keepalive probes, the close
// callback and domain events all depend on it. A connection opened before the loop was
// registered never delivers them. Without a thread that runs the loop, they arrive only while
// some other libvirt call happens to be running.
class EventLoop {
public:
    // Initialises libvirt, installs Shoal's error handler, registers the default event
    // implementation and starts the loop thread, all once per process. The thread runs until the
    // process exits. Thread-safe. Returns false, and logs why, when registration failed.
    static bool ensureRunning();

    // Returns true once the loop thread has started.
    static bool isRunning();
};

}  // namespace shoal::hypervisor
