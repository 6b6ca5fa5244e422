#include <gtest/gtest.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "hypervisor/eventloop.h"
#include "hypervisor/libvirterror.h"

namespace shoal::hypervisor {
namespace {

TEST(LibvirtError, DetailIsOneSentenceWithLibvirtMessage)
{
    core::Error error = makeLibvirtError("Failed to start sandbox \"shoal-ab12\" on host \"qemu:///system\"",
                                         VIR_ERR_OPERATION_FAILED, VIR_FROM_QEMU, "kernel not found");
    EXPECT_EQ(error.detail, "Failed to start sandbox \"shoal-ab12\" on host \"qemu:///system\": kernel not found");
    EXPECT_EQ(error.hypervisorCode, VIR_ERR_OPERATION_FAILED);
    EXPECT_EQ(error.hypervisorMessage, "kernel not found");
    EXPECT_EQ(error.code, core::ErrorCode::HostError);
}

TEST(LibvirtError, MapsCodes)
{
    EXPECT_EQ(errorCodeFor(VIR_ERR_NO_DOMAIN, VIR_FROM_QEMU), core::ErrorCode::NotFound);
    EXPECT_EQ(errorCodeFor(VIR_ERR_NO_STORAGE_VOL, VIR_FROM_STORAGE), core::ErrorCode::NotFound);
    EXPECT_EQ(errorCodeFor(VIR_ERR_STORAGE_VOL_EXIST, VIR_FROM_STORAGE), core::ErrorCode::AlreadyExists);
    EXPECT_EQ(errorCodeFor(VIR_ERR_OPERATION_INVALID, VIR_FROM_QEMU), core::ErrorCode::InvalidState);
    EXPECT_EQ(errorCodeFor(VIR_ERR_NO_SUPPORT, VIR_FROM_TEST), core::ErrorCode::Unsupported);
    EXPECT_EQ(errorCodeFor(VIR_ERR_ARGUMENT_UNSUPPORTED, VIR_FROM_TEST), core::ErrorCode::Unsupported);
    EXPECT_EQ(errorCodeFor(VIR_ERR_SYSTEM_ERROR, VIR_FROM_STORAGE), core::ErrorCode::StorageError);
    EXPECT_EQ(errorCodeFor(VIR_ERR_AUTH_FAILED, VIR_FROM_REMOTE), core::ErrorCode::HostUnreachable);
    EXPECT_EQ(errorCodeFor(VIR_ERR_INTERNAL_ERROR, VIR_FROM_QEMU), core::ErrorCode::HostError);
}

TEST(LibvirtError, ExplainsUnknownHostKey)
{
    std::string hint = connectionFailureHint(VIR_ERR_SYSTEM_ERROR, "Cannot recv data: Host key verification failed.: Connection reset by peer");
    EXPECT_NE(hint.find("known_hosts"), std::string::npos) << hint;
}

TEST(LibvirtError, ExplainsRejectedKey)
{
    std::string hint = connectionFailureHint(VIR_ERR_SYSTEM_ERROR, "Cannot recv data: root@h1: Permission denied (publickey).");
    EXPECT_NE(hint.find("keyfile="), std::string::npos) << hint;
}

TEST(LibvirtError, NoHintForUnrelatedMessage)
{
    EXPECT_EQ(connectionFailureHint(VIR_ERR_INTERNAL_ERROR, "something else"), "");
}

TEST(LibvirtError, CapturesRealFailureAndResetsIt)
{
    ASSERT_TRUE(EventLoop::ensureRunning());
    virConnectPtr connection = virConnectOpen("test:///default");
    ASSERT_NE(connection, nullptr);
    EXPECT_EQ(virDomainLookupByName(connection, "shoal-does-not-exist"), nullptr);

    core::Error error = lastLibvirtError("Failed to find sandbox \"shoal-does-not-exist\" on host \"test:///default\"");
    EXPECT_EQ(error.code, core::ErrorCode::NotFound);
    EXPECT_EQ(error.hypervisorCode, VIR_ERR_NO_DOMAIN);
    EXPECT_NE(error.detail.find("shoal-does-not-exist\" on host \"test:///default\": "), std::string::npos) << error.detail;
    EXPECT_EQ(virGetLastError(), nullptr);
    virConnectClose(connection);
}

}  // namespace
}  // namespace shoal::hypervisor
