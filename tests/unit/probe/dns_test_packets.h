#pragma once
// Hand-built DNS packets for the codec and prober tests, written out field by
// field so each test shows exactly which octets it sends.

#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <vector>

namespace ww::testing {

class DnsPacket {
 public:
  DnsPacket& U8(std::uint8_t v) {
    bytes_.push_back(v);
    return *this;
  }
  DnsPacket& U16(std::uint16_t v) { return U8(v >> 8).U8(v & 0xFF); }
  DnsPacket& U32(std::uint32_t v) { return U16(v >> 16).U16(v & 0xFFFF); }
  DnsPacket& Bytes(std::initializer_list<std::uint8_t> b) {
    bytes_.insert(bytes_.end(), b);
    return *this;
  }
  DnsPacket& Bytes(const std::vector<std::uint8_t>& b) {
    bytes_.insert(bytes_.end(), b.begin(), b.end());
    return *this;
  }
  // Uncompressed labels of a dotted name, with the terminating root label.
  DnsPacket& Name(std::string_view dotted) {
    while (!dotted.empty()) {
      const std::size_t dot = dotted.find('.');
      const std::string_view label = dotted.substr(0, dot);
      U8(static_cast<std::uint8_t>(label.size()));
      bytes_.insert(bytes_.end(), label.begin(), label.end());
      dotted = dot == std::string_view::npos ? std::string_view() : dotted.substr(dot + 1);
    }
    return U8(0);
  }
  DnsPacket& Pointer(std::uint16_t offset) { return U16(0xC000 | offset); }
  DnsPacket& Header(std::uint16_t id, std::uint16_t flags, std::uint16_t qd, std::uint16_t an,
                    std::uint16_t ns = 0, std::uint16_t ar = 0) {
    return U16(id).U16(flags).U16(qd).U16(an).U16(ns).U16(ar);
  }
  DnsPacket& Question(std::string_view name, std::uint16_t type) {
    return Name(name).U16(type).U16(1);
  }
  // An answer whose owner is a pointer (usually 12, the question's name).
  DnsPacket& AnswerAt(std::uint16_t owner, std::uint16_t type,
                      const std::vector<std::uint8_t>& rdata) {
    Pointer(owner).U16(type).U16(1).U32(300).U16(static_cast<std::uint16_t>(rdata.size()));
    return Bytes(rdata);
  }
  std::size_t size() const { return bytes_.size(); }
  const std::vector<std::uint8_t>& bytes() const { return bytes_; }

 private:
  std::vector<std::uint8_t> bytes_;
};

// Response flags: QR, RD, RA, plus rcode; TC on request.
inline std::uint16_t ReplyFlags(std::uint8_t rcode = 0, bool truncated = false) {
  return static_cast<std::uint16_t>(0x8180 | (truncated ? 0x0200 : 0) | rcode);
}

}  // namespace ww::testing
