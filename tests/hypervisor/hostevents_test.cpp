#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <libvirt/libvirt.h>

#include "hypervisor/eventloop.h"
#include "hypervisor/libvirthostconnection.h"
#include "testdriverhost.h"

namespace shoal::hypervisor {
namespace {

constexpr std::chrono::seconds kEventTimeout{10};

// Collects the events a handler receives, from whichever thread sends them.
class EventRecorder {
public:
    core::HostEventHandler handler()
    {
        return [this](const core::HostEvent& event) {
            std::lock_guard lock(m_mutex);
            m_events.push_back(event);
            m_threads.push_back(std::this_thread::get_id());
            m_changed.notify_all();
        };
    }

    // Waits until an event of `kind` for `domainName` has arrived, or returns false on timeout.
    bool waitFor(const std::string& domainName, core::HostEvent::Kind kind, core::SandboxState state)
    {
        std::unique_lock lock(m_mutex);
        return m_changed.wait_for(lock, kEventTimeout, [&] { return countLocked(domainName, kind, state) > 0; });
    }

    int count(const std::string& domainName, core::HostEvent::Kind kind, core::SandboxState state)
    {
        std::lock_guard lock(m_mutex);
        return countLocked(domainName, kind, state);
    }

    int countFor(const std::string& domainName)
    {
        std::lock_guard lock(m_mutex);
        int count = 0;
        for (const core::HostEvent& event : m_events)
            count += event.domainName == domainName ? 1 : 0;
        return count;
    }

    std::vector<std::thread::id> threads()
    {
        std::lock_guard lock(m_mutex);
        return m_threads;
    }

private:
    int countLocked(const std::string& domainName, core::HostEvent::Kind kind, core::SandboxState state) const
    {
        int count = 0;
        for (const core::HostEvent& event : m_events)
            count += event.domainName == domainName && event.kind == kind && event.state == state ? 1 : 0;
        return count;
    }

    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::vector<core::HostEvent> m_events;
    std::vector<std::thread::id> m_threads;
};

// test:///default is one state shared by every connection in the process, so a second, raw
// connection can change domains behind the back of the connection under test.
class HostEventsTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_TRUE(EventLoop::ensureRunning());
        m_other = virConnectOpen("test:///default");
        ASSERT_NE(m_other, nullptr);
        m_host = testing::connectHost("test:///default");
        m_host->setEventHandler(m_recorder.handler());
    }

    void TearDown() override
    {
        for (const std::string& name : m_defined) {
            if (virDomainPtr domain = virDomainLookupByName(m_other, name.c_str())) {
                virDomainDestroy(domain);
                virDomainUndefine(domain);
                virDomainFree(domain);
            }
        }
        m_host.reset();
        virConnectClose(m_other);
    }

    // Defines and starts a domain through the other connection.
    void defineAndStart(const std::string& name)
    {
        std::string xml = "<domain type='test'><name>" + name +
                          "</name><memory>65536</memory><os><type>hvm</type></os></domain>";
        virDomainPtr domain = virDomainDefineXML(m_other, xml.c_str());
        ASSERT_NE(domain, nullptr);
        m_defined.push_back(name);
        ASSERT_EQ(virDomainCreate(domain), 0);
        virDomainFree(domain);
    }

    void destroyAndUndefine(const std::string& name)
    {
        virDomainPtr domain = virDomainLookupByName(m_other, name.c_str());
        ASSERT_NE(domain, nullptr);
        ASSERT_EQ(virDomainDestroy(domain), 0);
        ASSERT_EQ(virDomainUndefine(domain), 0);
        virDomainFree(domain);
    }

    virConnectPtr m_other = nullptr;
    std::unique_ptr<LibvirtHostConnection> m_host;
    EventRecorder m_recorder;
    std::vector<std::string> m_defined;
};

TEST_F(HostEventsTest, LifecycleEventsArriveWhileIdle)
{
    defineAndStart("shoal-evt001");
    ASSERT_TRUE(m_recorder.waitFor("shoal-evt001", core::HostEvent::Kind::SandboxStateChanged, core::SandboxState::Running));

    destroyAndUndefine("shoal-evt001");
    ASSERT_TRUE(m_recorder.waitFor("shoal-evt001", core::HostEvent::Kind::SandboxRemoved, core::SandboxState::Destroying));
    EXPECT_EQ(m_recorder.count("shoal-evt001", core::HostEvent::Kind::SandboxStateChanged, core::SandboxState::Stopped), 2)
        << "expected one event for the define and one for the destroy";

    for (std::thread::id thread : m_recorder.threads())
        EXPECT_NE(thread, std::this_thread::get_id());
}

TEST_F(HostEventsTest, ForeignDomainsSendNoEvents)
{
    defineAndStart("web-frontend-1");
    defineAndStart("shoal-evt002");
    ASSERT_TRUE(m_recorder.waitFor("shoal-evt002", core::HostEvent::Kind::SandboxStateChanged, core::SandboxState::Running));
    EXPECT_EQ(m_recorder.countFor("web-frontend-1"), 0);
}

TEST_F(HostEventsTest, ReconnectRegistersCallbacksOnce)
{
    m_host->disconnect();
    ASSERT_TRUE(testing::succeeded(m_host->connect()));
    m_host->disconnect();
    ASSERT_TRUE(testing::succeeded(m_host->connect()));

    defineAndStart("shoal-evt003");
    ASSERT_TRUE(m_recorder.waitFor("shoal-evt003", core::HostEvent::Kind::SandboxStateChanged, core::SandboxState::Running));
    defineAndStart("shoal-evt004");
    ASSERT_TRUE(m_recorder.waitFor("shoal-evt004", core::HostEvent::Kind::SandboxStateChanged, core::SandboxState::Running));
    EXPECT_EQ(m_recorder.count("shoal-evt003", core::HostEvent::Kind::SandboxStateChanged, core::SandboxState::Running), 1);
}

TEST_F(HostEventsTest, DisconnectedHostSendsNoEvents)
{
    m_host->disconnect();
    EventRecorder witness;
    auto watcher = testing::connectHost("test:///default");
    watcher->setEventHandler(witness.handler());

    defineAndStart("shoal-evt005");
    ASSERT_TRUE(witness.waitFor("shoal-evt005", core::HostEvent::Kind::SandboxStateChanged, core::SandboxState::Running));
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    EXPECT_EQ(m_recorder.countFor("shoal-evt005"), 0);
}

}  // namespace
}  // namespace shoal::hypervisor
