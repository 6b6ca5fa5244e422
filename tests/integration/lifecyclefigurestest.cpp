// Lifecycle figures of Shoal beside libvirt's own floor, measured in one run on the same guest.
// The test asserts only that every operation works. It prints the figures and records them as
// test properties, because a timing bound has no place in a test.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "hypervisor/storagepool.h"
#include "tests/integration/lifecyclefixture.h"

namespace shoal::integration {
namespace {

using Clock = std::chrono::steady_clock;

// Repetitions per figure. The benchmark proper takes at least five; three keep this test short.
constexpr int kRuns = 3;

double median(std::vector<double> values)
{
    if (values.empty())
        return 0.0;
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

double timed(const std::function<void()>& step)
{
    const auto start = Clock::now();
    step();
    return std::chrono::duration<double>(Clock::now() - start).count();
}

class LifecycleFigures : public LifecycleTest {
protected:
    void SetUp() override
    {
        ASSERT_NO_FATAL_FAILURE(LifecycleTest::SetUp());
        m_template.name = "itlc-figures-" + std::to_string(getpid());
        m_template.builtIn = false;
        m_raw = virConnectOpen(m_settings.libvirtUri.c_str());
        ASSERT_NE(m_raw, nullptr) << lastLibvirtMessage();
    }

    void TearDown() override
    {
        LifecycleTest::TearDown();
        core::Result<int> discarded = m_host->discardWarmStates(m_template.name);
        EXPECT_TRUE(discarded) << discarded.error().detail;
        if (virStoragePoolPtr pool = virStoragePoolLookupByName(m_raw, hypervisor::kStoragePoolName)) {
            for (const std::string& volume : m_inspector->volumeNames(hypervisor::kStoragePoolName)) {
                if (volume.rfind("tpl-" + m_template.name + "-", 0) != 0)
                    continue;
                if (virStorageVolPtr handle = virStorageVolLookupByName(pool, volume.c_str())) {
                    virStorageVolDelete(handle, 0);
                    virStorageVolFree(handle);
                }
            }
            virStoragePoolFree(pool);
        }
        virConnectClose(m_raw);
    }

    // Saves and restores the domain with plain libvirt calls into a raw volume of the pool, the
    // floor under Shoal's sleep and wake.
    void measureFloor(const std::string& domainName)
    {
        virStoragePoolPtr pool = virStoragePoolLookupByName(m_raw, hypervisor::kStoragePoolName);
        ASSERT_NE(pool, nullptr);
        const std::string volumeName = domainName + ".floor";
        const std::string xml = hypervisor::buildVolumeXml(volumeName, "raw", 0, {}, {});
        for (int run = 0; run < kRuns; ++run) {
            virStorageVolPtr volume = virStorageVolCreateXML(pool, xml.c_str(), 0);
            ASSERT_NE(volume, nullptr) << lastLibvirtMessage();
            char* path = virStorageVolGetPath(volume);
            const std::string file = path;
            free(path);
            virDomainPtr domain = virDomainLookupByName(m_raw, domainName.c_str());
            ASSERT_NE(domain, nullptr);
            m_figures["floor_save_s"].push_back(timed([&] { EXPECT_EQ(virDomainSave(domain, file.c_str()), 0) << lastLibvirtMessage(); }));
            m_figures["floor_restore_s"].push_back(timed([&] { EXPECT_EQ(virDomainRestore(m_raw, file.c_str()), 0) << lastLibvirtMessage(); }));
            virDomainFree(domain);
            EXPECT_EQ(virStorageVolDelete(volume, 0), 0) << lastLibvirtMessage();
            virStorageVolFree(volume);
        }
        virStoragePoolFree(pool);
    }

    // Prints the finished phases recorded since `m_phases` was last cleared, as a waterfall.
    void printPhases(const char* operation)
    {
        std::printf("%s phases:", operation);
        for (const core::PhaseEvent& event : m_phases) {
            if (event.kind == core::PhaseEvent::Kind::Finished)
                std::printf(" %s=%.3f", event.phase.c_str(), event.seconds);
        }
        std::printf("\n");
    }

    void print()
    {
        std::printf("lifecycle figures (median of %d runs unless one; %s):\n", kRuns, m_settings.libvirtUri.c_str());
        for (const auto& [name, values] : m_figures) {
            std::printf("  %-24s %.3f  (", name.c_str(), median(values));
            for (double value : values)
                std::printf(" %.3f", value);
            std::printf(" )\n");
            RecordProperty(name + "_ms", static_cast<int>(median(values) * 1000));
        }
    }

    virConnectPtr m_raw = nullptr;
    std::map<std::string, std::vector<double>> m_figures;
};

TEST_F(LifecycleFigures, FloorAndShoalInOneRun)
{
    const core::SandboxSpec cold = tinySpec("fig-cold");
    m_figures["cold_boot_s"].push_back(timed([&] { createReady(cold); }));
    ASSERT_FALSE(HasFatalFailure());
    ASSERT_NO_FATAL_FAILURE(measureFloor(cold.domainName));

    for (int run = 0; run < kRuns; ++run) {
        m_phases.clear();
        m_figures["sleep_s"].push_back(timed([&] {
            core::Result<core::SandboxInfo> asleep = m_connection->sleepSandbox(cold.domainName);
            ASSERT_TRUE(asleep) << asleep.error().detail;
        }));
        m_figures["wake_s"].push_back(timed([&] {
            core::Result<core::SandboxInfo> awake = m_connection->wakeSandbox(cold.domainName, core::WakeMode::Restore);
            ASSERT_TRUE(awake) << awake.error().detail;
        }));
        printPhases("sleep and wake");
    }

    core::Result<core::WarmState> warm = m_connection->prepareWarmState(m_template, m_capabilities.domainType, 120);
    ASSERT_TRUE(warm) << warm.error().detail;
    for (int run = 0; run < kRuns; ++run) {
        const core::SandboxSpec spec = tinySpec("fig-snap" + std::to_string(run), core::StartMode::Snapshot);
        m_phases.clear();
        m_figures["snapshot_start_s"].push_back(timed([&] {
            core::Result<core::SandboxInfo> created = m_connection->createSandbox(spec);
            ASSERT_TRUE(created) << created.error().detail;
        }));
        printPhases("snapshot start");
        const core::SandboxSpec pooled = tinySpec("fig-pool" + std::to_string(run), core::StartMode::PoolPaused);
        core::Result<core::SandboxInfo> entry = m_connection->createSandbox(pooled);
        ASSERT_TRUE(entry) << entry.error().detail;
        m_figures["pool_claim_s"].push_back(timed([&] {
            core::Status resumed = m_connection->resumeSandbox(pooled.domainName);
            ASSERT_TRUE(resumed) << resumed.error().detail;
        }));
        EXPECT_TRUE(m_connection->destroySandbox(pooled.domainName));
    }

    // The clone floor is the sum of the libvirt and storage calls inside one clone: the
    // snapshot, the copy and rewrite of the memory file, the define and the restore.
    for (int run = 0; run < kRuns; ++run) {
        const core::SandboxSpec target = tinySpec("fig-clone" + std::to_string(run));
        m_phases.clear();
        core::Result<core::CloneResult> cloned;
        m_figures["clone_s"].push_back(timed([&] {
            cloned = m_connection->cloneSandbox(cold.domainName, {{target.metadata, target.domainName}});
        }));
        ASSERT_TRUE(cloned) << cloned.error().detail;
        m_figures["source_pause_s"].push_back(cloned->sourcePauseSeconds);
        double floor = 0.0;
        for (const core::PhaseEvent& event : m_phases) {
            const bool counted = event.phase == "snapshot" || event.phase == "copy-state" || event.phase == "rewrite-header" ||
                                 event.phase == "define" || event.phase == "restore";
            if (event.kind == core::PhaseEvent::Kind::Finished && counted)
                floor += event.seconds;
        }
        m_figures["floor_snapshot_clone_s"].push_back(floor);
        printPhases("clone");
        EXPECT_TRUE(m_connection->destroySandbox(target.domainName));
    }

    std::vector<core::CloneTarget> eight;
    for (int i = 0; i < 8; ++i) {
        const core::SandboxSpec spec = tinySpec("fig-eight" + std::to_string(i));
        eight.push_back({spec.metadata, spec.domainName});
    }
    core::Result<core::CloneResult> cloned;
    m_figures["clone8_s"].push_back(timed([&] { cloned = m_connection->cloneSandbox(cold.domainName, eight); }));
    ASSERT_TRUE(cloned) << cloned.error().detail;
    EXPECT_EQ(cloned->clones.size(), 8u);
    print();
}

}  // namespace
}  // namespace shoal::integration
