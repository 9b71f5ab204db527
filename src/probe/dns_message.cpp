#include "probe/dns_message.h"

#include <cstdio>

namespace ww {
namespace {

constexpr std::size_t kMaxLabelLength = 63;
constexpr int kMaxPointerHops = 128;  // also bounded by "points before itself"

// Reads big-endian fields from a packet; every read is checked.
class Reader {
 public:
  explicit Reader(std::span<const std::uint8_t> data) : data_(data) {}
  std::size_t offset() const { return offset_; }
  std::size_t remaining() const { return data_.size() - offset_; }
  bool U8(std::uint8_t& v) {
    if (remaining() < 1) return false;
    v = data_[offset_++];
    return true;
  }
  bool U16(std::uint16_t& v) {
    if (remaining() < 2) return false;
    v = static_cast<std::uint16_t>(data_[offset_] << 8 | data_[offset_ + 1]);
    offset_ += 2;
    return true;
  }
  bool U32(std::uint32_t& v) {
    std::uint16_t hi = 0, lo = 0;
    if (!U16(hi) || !U16(lo)) return false;
    v = std::uint32_t{hi} << 16 | lo;
    return true;
  }
  bool Skip(std::size_t n) {
    if (remaining() < n) return false;
    offset_ += n;
    return true;
  }
  void Seek(std::size_t offset) { offset_ = offset; }
  std::span<const std::uint8_t> data() const { return data_; }

 private:
  std::span<const std::uint8_t> data_;
  std::size_t offset_ = 0;
};

void AppendLabel(std::string& out, std::span<const std::uint8_t> label) {
  if (!out.empty()) out += '.';
  for (std::uint8_t c : label) {
    if (c == '.' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c > 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      char buf[5];
      std::snprintf(buf, sizeof buf, "\\%03u", c);
      out += buf;
    }
  }
}

// Reads a possibly compressed name at the reader's position and leaves the
// reader after it (after the first pointer, if any). Each pointer must point
// before the previous jump target (or the name's start): the targets strictly
// decrease, so no packet can make this loop.
Result<std::string> ReadName(Reader& r) {
  const auto data = r.data();
  std::size_t pos = r.offset();
  std::size_t limit = pos;  // a pointer must point below this
  std::size_t resume = 0;   // where the reader continues; 0 = not yet jumped
  std::size_t wire_length = 0;
  int hops = 0;
  std::string name;
  while (true) {
    if (pos >= data.size()) return Result<std::string>::Error("name runs past the end");
    const std::uint8_t len = data[pos];
    if ((len & 0xC0) == 0xC0) {
      if (pos + 1 >= data.size()) return Result<std::string>::Error("truncated pointer");
      const std::size_t target = (len & 0x3F) << 8 | data[pos + 1];
      if (target >= limit) {
        return Result<std::string>::Error("compression pointer at " + std::to_string(pos) +
                                          " does not point to a prior name");
      }
      limit = target;
      if (++hops > kMaxPointerHops) return Result<std::string>::Error("too many pointers");
      if (resume == 0) resume = pos + 2;
      pos = target;
      continue;
    }
    if ((len & 0xC0) != 0) {
      return Result<std::string>::Error("unsupported label type at " + std::to_string(pos));
    }
    wire_length += len + 1;
    if (wire_length > kDnsMaxNameLength) return Result<std::string>::Error("name too long");
    if (len == 0) break;
    if (pos + 1 + len > data.size()) return Result<std::string>::Error("label runs past the end");
    AppendLabel(name, data.subspan(pos + 1, len));
    pos += 1 + len;
  }
  r.Seek(resume != 0 ? resume : pos + 1);
  if (name.empty()) name = ".";
  return name;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string_view StripDot(std::string_view name) {
  if (name.size() > 1 && name.back() == '.') name.remove_suffix(1);
  return name;
}

bool IsHostChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

Status ParseQuestions(Reader& r, std::uint16_t count, DnsReply& reply) {
  for (std::uint16_t i = 0; i < count; ++i) {
    auto name = ReadName(r);
    if (!name.ok()) return Status::Error("question " + std::to_string(i + 1) + ": " + name.error());
    DnsQuestion q;
    q.name = std::move(name).value();
    if (!r.U16(q.type) || !r.U16(q.qclass)) {
      return Status::Error("question " + std::to_string(i + 1) + ": truncated");
    }
    reply.questions.push_back(std::move(q));
  }
  return Status::Ok();
}

Status ParseAnswers(Reader& r, std::uint16_t count, DnsReply& reply) {
  for (std::uint16_t i = 0; i < count; ++i) {
    const std::string where = "answer " + std::to_string(i + 1) + " of " + std::to_string(count);
    auto name = ReadName(r);
    if (!name.ok()) return Status::Error(where + ": " + name.error());
    DnsRecord rec;
    rec.name = std::move(name).value();
    std::uint16_t rdlength = 0;
    if (!r.U16(rec.type) || !r.U16(rec.rclass) || !r.U32(rec.ttl) || !r.U16(rdlength)) {
      return Status::Error(where + ": truncated record header");
    }
    if (r.remaining() < rdlength) {
      return Status::Error(where + ": rdata of " + std::to_string(rdlength) +
                           " octets runs past the end");
    }
    const auto rdata = r.data().subspan(r.offset(), rdlength);
    rec.rdata.assign(rdata.begin(), rdata.end());
    r.Skip(rdlength);
    reply.answers.push_back(std::move(rec));
  }
  return Status::Ok();
}

DnsVerdict Verdict(DnsVerdict::Kind kind, std::string detail) {
  DnsVerdict v;
  v.kind = kind;
  v.detail = std::move(detail);
  return v;
}

}  // namespace

Result<std::vector<std::uint8_t>> BuildDnsQuery(std::uint16_t id, std::string_view name,
                                                DnsType type) {
  using R = Result<std::vector<std::uint8_t>>;
  const std::string_view host = StripDot(name);
  if (host.empty() || host == ".") return R::Error("dns query name is empty");
  std::vector<std::uint8_t> out = {static_cast<std::uint8_t>(id >> 8),
                                   static_cast<std::uint8_t>(id & 0xFF),
                                   0x01,  // RD
                                   0x00,
                                   0,
                                   1,
                                   0,
                                   0,
                                   0,
                                   0,
                                   0,
                                   0};
  std::size_t start = 0;
  while (start <= host.size()) {
    const std::size_t dot = std::min(host.find('.', start), host.size());
    const std::string_view label = host.substr(start, dot - start);
    if (label.empty()) return R::Error("dns query name '" + std::string(name) + "': empty label");
    if (label.size() > kMaxLabelLength) {
      return R::Error("dns query name '" + std::string(name) + "': label longer than 63");
    }
    for (char c : label) {
      if (!IsHostChar(c)) {
        return R::Error("dns query name '" + std::string(name) + "': invalid character");
      }
    }
    out.push_back(static_cast<std::uint8_t>(label.size()));
    out.insert(out.end(), label.begin(), label.end());
    start = dot + 1;
  }
  out.push_back(0);
  if (out.size() - kDnsHeaderSize > kDnsMaxNameLength) {
    return R::Error("dns query name '" + std::string(name) + "': longer than 255 octets");
  }
  const auto t = static_cast<std::uint16_t>(type);
  out.insert(out.end(), {static_cast<std::uint8_t>(t >> 8), static_cast<std::uint8_t>(t & 0xFF), 0,
                         kDnsClassIn});
  return out;
}

Result<DnsReply> ParseDnsReply(std::span<const std::uint8_t> packet) {
  Reader r(packet);
  DnsReply reply;
  std::uint16_t flags = 0, qdcount = 0, nscount = 0, arcount = 0;
  if (!r.U16(reply.id) || !r.U16(flags) || !r.U16(qdcount) || !r.U16(reply.answer_count) ||
      !r.U16(nscount) || !r.U16(arcount)) {
    return Result<DnsReply>::Error("reply of " + std::to_string(packet.size()) +
                                   " octets is shorter than a DNS header");
  }
  reply.is_response = (flags & 0x8000) != 0;
  reply.opcode = static_cast<std::uint8_t>((flags >> 11) & 0x0F);
  reply.truncated = (flags & 0x0200) != 0;
  reply.recursion_available = (flags & 0x0080) != 0;
  reply.rcode = static_cast<std::uint8_t>(flags & 0x000F);
  if (Status s = ParseQuestions(r, qdcount, reply); !s.ok()) return s;
  if (reply.truncated) return reply;
  if (Status s = ParseAnswers(r, reply.answer_count, reply); !s.ok()) return s;
  return reply;
}

DnsVerdict JudgeDnsReply(std::span<const std::uint8_t> packet, std::uint16_t id,
                         std::string_view name, DnsType type) {
  using K = DnsVerdict::Kind;
  if (packet.size() >= 2 && (packet[0] << 8 | packet[1]) != id) {
    return Verdict(K::kIgnore, "reply id does not match the query");
  }
  auto parsed = ParseDnsReply(packet);
  if (!parsed.ok()) return Verdict(K::kBad, "malformed reply: " + parsed.error());
  const DnsReply& reply = *parsed;
  if (!reply.is_response) return Verdict(K::kBad, "QR bit clear: a query, not a reply");
  if (reply.opcode != 0) {
    return Verdict(K::kBad, "unexpected opcode " + std::to_string(reply.opcode));
  }
  const std::string want = Lower(StripDot(name));
  const auto t = static_cast<std::uint16_t>(type);
  // A server may drop the question in an error reply (FORMERR, REFUSED): the id
  // already ties it to our query, so the rcode still counts.
  const bool question_optional = reply.rcode != 0 && reply.questions.empty();
  if (!question_optional &&
      (reply.questions.size() != 1 || Lower(reply.questions[0].name) != want ||
       reply.questions[0].type != t || reply.questions[0].qclass != kDnsClassIn)) {
    return Verdict(K::kBad, "reply does not answer the question asked");
  }
  if (reply.rcode != 0) {
    DnsVerdict v = Verdict(K::kRcode, "server answered " + std::string(DnsRcodeName(reply.rcode)) +
                                          " (" + std::to_string(reply.rcode) + ")");
    v.rcode = reply.rcode;
    v.truncated = reply.truncated;
    return v;
  }
  if (reply.truncated) {
    DnsVerdict v = Verdict(K::kOk, "truncated reply (TC): name resolves, records not read");
    v.truncated = true;
    return v;
  }
  const std::size_t want_rdlength = type == DnsType::kA ? 4 : 16;
  std::size_t matching = 0;
  for (const DnsRecord& rec : reply.answers) {
    if (rec.type != t || rec.rclass != kDnsClassIn) continue;
    if (rec.rdata.size() != want_rdlength) {
      return Verdict(
          K::kBad, "address record with " + std::to_string(rec.rdata.size()) + " octets of rdata");
    }
    ++matching;
  }
  DnsVerdict v = matching > 0 ? Verdict(K::kOk, std::to_string(matching) + " address record(s)")
                              : Verdict(K::kNoData, "NOERROR without a record of the asked type");
  v.matching_answers = matching;
  return v;
}

std::string_view DnsRcodeName(std::uint8_t rcode) {
  switch (rcode) {
    case 0:
      return "NOERROR";
    case 1:
      return "FORMERR";
    case 2:
      return "SERVFAIL";
    case 3:
      return "NXDOMAIN";
    case 4:
      return "NOTIMP";
    case 5:
      return "REFUSED";
    case 6:
      return "YXDOMAIN";
    case 7:
      return "YXRRSET";
    case 8:
      return "NXRRSET";
    case 9:
      return "NOTAUTH";
    case 10:
      return "NOTZONE";
    default:
      return "unassigned rcode";
  }
}

}  // namespace ww
