#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/stats.h"

namespace shoal::core {

// Converts a float to bfloat16 (the upper 16 bits of an IEEE float, rounded to nearest even):
// the full float range with about three significant digits, enough for a chart, in half the
// space. NaN stays NaN.
std::uint16_t toBfloat16(float value);
float fromBfloat16(std::uint16_t value);

// A StatsPoint in 18 bytes: the Unix second and the seven values as bfloat16. The milliseconds of
// the timestamp are dropped.
// The second is split into two halves so that the struct needs no padding.
struct CompactStatsPoint {
    std::array<std::uint16_t, 2> secondHalves{};
    std::array<std::uint16_t, 7> values{};

    std::uint32_t second() const { return (std::uint32_t{secondHalves[0]} << 16) | secondHalves[1]; }
    void setSecond(std::uint32_t second)
    {
        secondHalves = {static_cast<std::uint16_t>(second >> 16), static_cast<std::uint16_t>(second & 0xffff)};
    }
};
static_assert(sizeof(CompactStatsPoint) == 18);

CompactStatsPoint compress(const StatsPoint& point);
StatsPoint expand(const CompactStatsPoint& point);

// The byte form of points in the store: 18 bytes a point, little-endian. decodePoints ignores
// a trailing partial point.
std::string encodePoints(const std::vector<CompactStatsPoint>& points);
std::vector<StatsPoint> decodePoints(std::string_view bytes);

}  // namespace shoal::core
