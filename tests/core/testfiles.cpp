#include "tests/core/testfiles.h"

#include <fstream>
#include <random>
#include <stdexcept>

namespace shoal::tests {

TemporaryDirectory::TemporaryDirectory()
{
    std::random_device random;
    for (int attempt = 0; attempt < 100; ++attempt) {
        std::filesystem::path candidate =
            std::filesystem::temp_directory_path() / ("shoal-core-test-" + std::to_string(random()));
        if (std::filesystem::create_directory(candidate)) {
            m_path = candidate;
            return;
        }
    }
    throw std::runtime_error("Failed to create a temporary directory");
}

TemporaryDirectory::~TemporaryDirectory()
{
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
}

std::string TemporaryDirectory::write(const std::string& name, const std::string& content) const
{
    const std::filesystem::path path = m_path / name;
    std::ofstream file(path, std::ios::binary);
    file << content;
    return path.string();
}

}  // namespace shoal::tests
