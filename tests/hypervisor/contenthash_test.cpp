#include <fcntl.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include <gtest/gtest.h>

#include "hypervisor/contenthash.h"

namespace shoal::hypervisor {
namespace {

class ContentHash : public ::testing::Test {
protected:
    void SetUp() override
    {
        m_directory = std::filesystem::temp_directory_path() / ("shoal-contenthash-" + std::to_string(::getpid()));
        std::filesystem::create_directories(m_directory);
    }

    void TearDown() override { std::filesystem::remove_all(m_directory); }

    std::string write(const std::string& name, const std::string& content)
    {
        const std::filesystem::path path = m_directory / name;
        std::ofstream file(path, std::ios::binary | std::ios::trunc);
        file << content;
        return path.string();
    }

    std::filesystem::path m_directory;
};

TEST_F(ContentHash, KnownContentHasKnownHash)
{
    // XXH3 64-bit of the empty input and of "abc", as the reference implementation returns them.
    core::Result<FileFingerprint> empty = fingerprintFile(write("empty", ""), "test file");
    ASSERT_TRUE(empty) << empty.error().detail;
    EXPECT_EQ(empty->sizeBytes, 0u);
    EXPECT_EQ(empty->hash, "2d06800538d394c2");

    core::Result<FileFingerprint> abc = fingerprintFile(write("abc", "abc"), "test file");
    ASSERT_TRUE(abc) << abc.error().detail;
    EXPECT_EQ(abc->sizeBytes, 3u);
    EXPECT_EQ(abc->hash, "78af5f94892f3950");
}

TEST_F(ContentHash, LargeFileSpansReadChunks)
{
    // Three and a half read chunks, so the streamed hash must carry across chunk borders: two
    // files that differ only in their last byte differ in hash.
    std::string content(3 * (1 << 20) + (1 << 19), 'x');
    core::Result<FileFingerprint> first = fingerprintFile(write("large-a", content), "test file");
    content.back() = 'y';
    core::Result<FileFingerprint> second = fingerprintFile(write("large-b", content), "test file");
    ASSERT_TRUE(first) << first.error().detail;
    ASSERT_TRUE(second) << second.error().detail;
    EXPECT_EQ(first->sizeBytes, content.size());
    EXPECT_NE(first->hash, second->hash);
    EXPECT_EQ(first->hash.size(), 16u);
}

TEST_F(ContentHash, ChangedFileGetsNewHash)
{
    const std::string path = write("changing", "first");
    core::Result<FileFingerprint> before = fingerprintFile(path, "test file");
    ASSERT_TRUE(before) << before.error().detail;

    // The new content has the same size. The cache is keyed by size and modification time, so the
    // time must move for the change to be seen.
    write("changing", "secnd");
    struct timespec times[2] = {{0, UTIME_OMIT}, {1, 0}};
    ASSERT_EQ(::utimensat(AT_FDCWD, path.c_str(), times, 0), 0);
    core::Result<FileFingerprint> after = fingerprintFile(path, "test file");
    ASSERT_TRUE(after) << after.error().detail;
    EXPECT_NE(before->hash, after->hash);
}

TEST_F(ContentHash, MissingFileIsNotFound)
{
    core::Result<FileFingerprint> missing = fingerprintFile((m_directory / "none").string(), "kernel of template \"t\"");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, core::ErrorCode::NotFound);
    EXPECT_NE(missing.error().detail.find("kernel of template \"t\""), std::string::npos) << missing.error().detail;
}

TEST_F(ContentHash, DirectoryIsRejected)
{
    core::Result<FileFingerprint> directory = fingerprintFile(m_directory.string(), "base of template \"t\"");
    ASSERT_FALSE(directory);
    EXPECT_EQ(directory.error().code, core::ErrorCode::InvalidArgument);
    EXPECT_NE(directory.error().detail.find("not a regular file"), std::string::npos) << directory.error().detail;
}

}  // namespace
}  // namespace shoal::hypervisor
