#include "core/statsencoding.h"

#include <bit>
#include <cmath>

namespace shoal::core {

namespace {

constexpr std::size_t kEncodedPointBytes = 4 + 7 * 2;

void appendLittleEndian(std::string& out, std::uint32_t value, int bytes)
{
    for (int i = 0; i < bytes; ++i)
        out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

std::uint32_t readLittleEndian(std::string_view bytes, std::size_t offset, int count)
{
    std::uint32_t value = 0;
    for (int i = 0; i < count; ++i)
        value |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[offset + static_cast<std::size_t>(i)])) << (8 * i);
    return value;
}

}  // namespace

std::uint16_t toBfloat16(float value)
{
    if (std::isnan(value))
        return 0x7fc0;
    const std::uint32_t bits = std::bit_cast<std::uint32_t>(value);
    const std::uint32_t roundingBias = 0x7fff + ((bits >> 16) & 1);
    return static_cast<std::uint16_t>((bits + roundingBias) >> 16);
}

float fromBfloat16(std::uint16_t value)
{
    return std::bit_cast<float>(static_cast<std::uint32_t>(value) << 16);
}

CompactStatsPoint compress(const StatsPoint& point)
{
    CompactStatsPoint compact;
    compact.setSecond(static_cast<std::uint32_t>(point.timestampMs / 1000));
    compact.values = {toBfloat16(point.cpuPercent),
                      toBfloat16(point.memoryActualMiB),
                      toBfloat16(point.memoryUsedMiB),
                      toBfloat16(point.blockReadBytesPerSecond),
                      toBfloat16(point.blockWriteBytesPerSecond),
                      toBfloat16(point.netRxBytesPerSecond),
                      toBfloat16(point.netTxBytesPerSecond)};
    return compact;
}

StatsPoint expand(const CompactStatsPoint& compact)
{
    StatsPoint point;
    point.timestampMs = static_cast<std::int64_t>(compact.second()) * 1000;
    point.cpuPercent = fromBfloat16(compact.values[0]);
    point.memoryActualMiB = fromBfloat16(compact.values[1]);
    point.memoryUsedMiB = fromBfloat16(compact.values[2]);
    point.blockReadBytesPerSecond = fromBfloat16(compact.values[3]);
    point.blockWriteBytesPerSecond = fromBfloat16(compact.values[4]);
    point.netRxBytesPerSecond = fromBfloat16(compact.values[5]);
    point.netTxBytesPerSecond = fromBfloat16(compact.values[6]);
    return point;
}

std::string encodePoints(const std::vector<CompactStatsPoint>& points)
{
    std::string bytes;
    bytes.reserve(points.size() * kEncodedPointBytes);
    for (const CompactStatsPoint& point : points) {
        appendLittleEndian(bytes, point.second(), 4);
        for (std::uint16_t value : point.values)
            appendLittleEndian(bytes, value, 2);
    }
    return bytes;
}

std::vector<StatsPoint> decodePoints(std::string_view bytes)
{
    std::vector<StatsPoint> points;
    points.reserve(bytes.size() / kEncodedPointBytes);
    for (std::size_t offset = 0; offset + kEncodedPointBytes <= bytes.size(); offset += kEncodedPointBytes) {
        CompactStatsPoint compact;
        compact.setSecond(readLittleEndian(bytes, offset, 4));
        for (std::size_t i = 0; i < compact.values.size(); ++i)
            compact.values[i] = static_cast<std::uint16_t>(readLittleEndian(bytes, offset + 4 + 2 * i, 2));
        points.push_back(expand(compact));
    }
    return points;
}

}  // namespace shoal::core
