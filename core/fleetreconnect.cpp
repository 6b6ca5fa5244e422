// Fleet's reconnects: a host whose connection was lost is retried with exponential backoff until
// a connect succeeds. Then it is read again from scratch (capabilities, capacity, sandboxes, stats).


#include "core/backoff.h"
#include "core/fleetimpl.h"

namespace shoal::core {

// Returns the delay before the next try, or nothing when one is already planned or the host is
// no longer part of the fleet. The caller locks the fleet mutex.
std::optional<std::chrono::milliseconds> Fleet::Impl::planReconnectLocked(HostEntry& host)
{
    auto registered = hosts.find(host.spec.uri);
    if (shuttingDown || host.reconnectPending || registered == hosts.end() || registered->second.get() != &host)
        return std::nullopt;

    std::uniform_real_distribution<double> jitter(0.0, 1.0);
    const auto delay =
        reconnectDelay(host.reconnectAttempts, options.reconnectInitialDelay, options.reconnectMaxDelay, jitter(random));

    ++host.reconnectAttempts;
    host.reconnectPending = true;
    host.nextReconnectAtMs = unixTimeMs() + delay.count();
    return delay;
}

void Fleet::Impl::armReconnect(const HostPointer& host, std::chrono::milliseconds delay)
{
    log->info("Reconnecting to host \"{}\" in {} ms", host->spec.uri, delay.count());
    timers.schedule(TimerQueue::Clock::now() + delay, [this, host] {
        host->worker->post([this, host] { return reconnectOnWorker(host); });
    });
}

// Runs on the host's worker. A failure marks the host disconnected again, which plans the next
// try with a longer delay.
Status Fleet::Impl::reconnectOnWorker(const HostPointer& host)
{
    {
        std::lock_guard lock(mutex);
        host->reconnectPending = false;
        if (shuttingDown)
            return {};
        // Fleet::refreshHost may have reconnected it meanwhile.
        if (host->connectionState == ConnectionState::Connected) {
            host->reconnectAttempts = 0;
            host->nextReconnectAtMs = 0;
            return {};
        }
    }

    Status connected = connectOnWorker(host, nullptr);
    if (connected)
        log->info("Reconnected to host \"{}\"", host->spec.uri);
    return connected;
}

}  // namespace shoal::core
