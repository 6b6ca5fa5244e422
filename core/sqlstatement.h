#pragma once

// Private to the store: a prepared SQLite statement, shared by the store*.cpp files.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <spdlog/fmt/fmt.h>
#include <sqlite3.h>

#include "core/error.h"

namespace shoal::core {

// A prepared statement that finalizes itself. Values are always bound, never glued into SQL.
class Statement {
public:
    Statement(sqlite3* database, const char* sql)
        : m_database(database)
    {
        m_status = sqlite3_prepare_v2(database, sql, -1, &m_statement, nullptr);
    }
    ~Statement() { sqlite3_finalize(m_statement); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(std::string_view value)
    {
        if (m_status == SQLITE_OK)
            m_status = sqlite3_bind_text(m_statement, ++m_index, value.data(), static_cast<int>(value.size()),
                                         SQLITE_TRANSIENT);
        return *this;
    }
    Statement& bind(std::int64_t value)
    {
        if (m_status == SQLITE_OK)
            m_status = sqlite3_bind_int64(m_statement, ++m_index, value);
        return *this;
    }
    Statement& bind(double value)
    {
        if (m_status == SQLITE_OK)
            m_status = sqlite3_bind_double(m_statement, ++m_index, value);
        return *this;
    }
    Statement& bindBlob(std::string_view bytes)
    {
        if (m_status == SQLITE_OK)
            m_status = sqlite3_bind_blob(m_statement, ++m_index, bytes.data(), static_cast<int>(bytes.size()),
                                         SQLITE_TRANSIENT);
        return *this;
    }

    // Makes the statement ready to bind and run again, which is cheaper than preparing it anew.
    void reset()
    {
        sqlite3_reset(m_statement);
        sqlite3_clear_bindings(m_statement);
        m_index = 0;
        if (m_status != SQLITE_OK && m_statement)
            m_status = SQLITE_OK;
    }

    // Steps once. Returns true for a row, false when done, or an error.
    Result<bool> step()
    {
        if (m_status != SQLITE_OK)
            return failure();
        const int status = sqlite3_step(m_statement);
        if (status == SQLITE_ROW)
            return true;
        if (status == SQLITE_DONE)
            return false;
        m_status = status;
        return failure();
    }

    // Steps through every row and returns what `readRow` makes of each, in order, or the first
    // error. `readRow` reads the current row's columns from this statement.
    template <typename ReadRow>
    auto readRows(ReadRow readRow) -> Result<std::vector<decltype(readRow(*this))>>
    {
        std::vector<decltype(readRow(*this))> rows;
        for (;;) {
            Result<bool> row = step();
            if (!row)
                return tl::unexpected(row.error());
            if (!*row)
                return rows;
            rows.push_back(readRow(*this));
        }
    }

    // Runs a statement that returns no rows.
    Status run()
    {
        Result<bool> stepped = step();
        if (!stepped)
            return tl::unexpected(stepped.error());
        return {};
    }

    std::string text(int column) const
    {
        const unsigned char* value = sqlite3_column_text(m_statement, column);
        return value ? std::string(reinterpret_cast<const char*>(value)) : std::string();
    }
    std::int64_t integer(int column) const { return sqlite3_column_int64(m_statement, column); }
    double real(int column) const { return sqlite3_column_double(m_statement, column); }
    std::string blob(int column) const
    {
        const void* bytes = sqlite3_column_blob(m_statement, column);
        const int size = sqlite3_column_bytes(m_statement, column);
        return bytes ? std::string(static_cast<const char*>(bytes), static_cast<std::size_t>(size)) : std::string();
    }

private:
    tl::unexpected<Error> failure() const
    {
        return fail(ErrorCode::StorageError,
                    fmt::format("Database statement failed: {}", sqlite3_errmsg(m_database)));
    }

    sqlite3* m_database = nullptr;
    sqlite3_stmt* m_statement = nullptr;
    int m_status = SQLITE_OK;
    int m_index = 0;
};

}  // namespace shoal::core
