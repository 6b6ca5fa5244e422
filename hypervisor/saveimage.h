#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace shoal::hypervisor {

// The header of a libvirt QEMU save image, laid out as in libvirt's src/qemu/qemu_saveimage.h
// and checked against images written by libvirt 9.0. It starts with the 16-byte magic
// "LibvirtQemudSave" and nineteen 32-bit words in the host's byte order (little-endian here):
// version, data length, was-running, compressed, cookie offset and 14 reserved words. The data
// area that follows contains the domain XML and a NUL, the cookie XML and a NUL at the cookie
// offset, and NUL padding up to the data length. QEMU's migration stream starts right after it,
// at byte `kSaveImageFixedHeaderSize + dataLength`. A snapshot's external memory file has the
// same format.
struct SaveImageHeader {
    std::uint32_t version = 0;
    std::uint32_t dataLength = 0;      // bytes of XML, cookie and padding after the fixed header
    std::uint32_t wasRunning = 0;      // 1 when the domain ran at save time, so restore resumes it
    std::uint32_t compressed = 0;      // libvirt's save format: 0 is raw, others name a compressor
    std::uint32_t cookieOffset = 0;    // from the start of the data area; 0 when there is no cookie
    std::array<std::uint32_t, 14> reserved{};
    std::string domainXml;             // without its terminating NUL
    std::string cookie;                // without its terminating NUL; empty when cookieOffset is 0
};

// Size of the fixed part: the magic and nineteen 32-bit words.
inline constexpr std::size_t kSaveImageFixedHeaderSize = 92;

// The only header version libvirt 9.0 writes (QEMU_SAVE_VERSION).
inline constexpr std::uint32_t kSaveImageVersion = 2;

// Returns the size of the whole header, which is the offset of the memory stream.
std::size_t saveImageHeaderSize(const SaveImageHeader& header);

// Parses the header at the start of `bytes`, which may go on into the memory stream. Fails with
// InvalidArgument when the image is partial, which libvirt marks with the magic "LibvirtQemudPart"
// until the save completes. It also fails on another magic, a version other than 2, fewer bytes
// than the header needs, a cookie offset outside the data area, and an XML or cookie without
// its NUL. Pure function, any thread.
core::Result<SaveImageHeader> parseSaveImageHeader(std::string_view bytes);

// Returns the bytes of a complete header with `domainXml` in place of the old XML, the cookie
// unchanged and the same total size. The new header can then overwrite the old one in place, and
// the memory stream stays at its offset. Fails with InvalidArgument when the XML contains a NUL,
// or when the XML, the cookie and their NULs do not fit in the data length. libvirt 9.0 pads a
// save with 64 KiB, so that is how much an XML can grow. Pure function, any thread.
core::Result<std::string> rewriteSaveImageHeader(const SaveImageHeader& header, std::string_view domainXml);

// Name, UUID and paths of a clone, written into the domain XML it restores from a save image.
struct CloneIdentity {
    std::string name;
    std::string uuid;
    std::vector<std::string> macAddresses;    // one per <interface>, in document order
    std::vector<std::string> diskSourcePaths; // one per <disk> with a <source file=...>, in order
    std::string consoleLogPath;               // every file-type <serial> and <console>
};

// Returns `domainXml` with the name, UUID, interface MAC addresses, file disk sources and
// file-type serial and console paths replaced from `identity`, and every other element,
// attribute and comment kept. It does not touch <metadata>, which the caller rewrites. Fails
// with InvalidArgument when the XML does not parse, is not a <domain>, or when the number of
// MAC addresses or disk paths differs from the number of interfaces or file disks.
// Pure function, any thread.
core::Result<std::string> rewriteDomainXmlForClone(std::string_view domainXml, const CloneIdentity& identity);

}  // namespace shoal::hypervisor
